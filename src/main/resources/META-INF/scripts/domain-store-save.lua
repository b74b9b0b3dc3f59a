-- KEYS: document, version. ARGV: expected version (-1: none stored yet), new version, JSON, channel.
local current = redis.call('GET', KEYS[2]) or '-1'
if current ~= ARGV[1] then
	return 0
end
redis.call('SET', KEYS[1], ARGV[3])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[4], ARGV[2])
return 1
