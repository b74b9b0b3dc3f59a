-- KEYS: api-keys, api-key-values, usage-plans. ARGV[1]: the key prefix, ARGV[2]: the change channel.
-- ARGV[3..4]: planId, JSON. 1 stored, 0 id taken.
if redis.call('HSETNX', KEYS[3], ARGV[3], ARGV[4]) == 0 then
	return 0
end
redis.call('PUBLISH', ARGV[2], 'USAGE_PLAN:' .. ARGV[3])
return 1
