-- KEYS: api-keys, api-key-values, usage-plans. ARGV[1]: the key prefix, ARGV[2]: the change channel.
-- ARGV[3]: planId. 1 deleted, 0 absent.
local json = redis.call('HGET', KEYS[3], ARGV[3])
if json == false then
	return 0
end
local planStages = stages(json)
local planKeys = ARGV[1] .. 'usage-plan-keys:' .. ARGV[3]
for _, keyId in ipairs(redis.call('HKEYS', planKeys)) do
	redis.call('SREM', ARGV[1] .. 'api-key-plans:' .. keyId, ARGV[3])
	local keyStages = ARGV[1] .. 'api-key-stages:' .. keyId
	for _, s in ipairs(planStages) do
		if redis.call('HGET', keyStages, s) == ARGV[3] then
			redis.call('HDEL', keyStages, s)
		end
	end
end
redis.call('DEL', planKeys)
redis.call('HDEL', KEYS[3], ARGV[3])
redis.call('PUBLISH', ARGV[2], 'USAGE_PLAN:' .. ARGV[3])
return 1
