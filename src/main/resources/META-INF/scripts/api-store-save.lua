-- KEYS: definitions, versions. ARGV: apiId, expected version (-1: absent), new version, JSON, channel.
local current = redis.call('HGET', KEYS[2], ARGV[1])
if current == false then
	if ARGV[2] ~= '-1' then
		return 0
	end
elseif current ~= ARGV[2] then
	return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('PUBLISH', ARGV[5], ARGV[1])
return 1
