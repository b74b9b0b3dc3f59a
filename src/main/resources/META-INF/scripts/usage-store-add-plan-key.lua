-- KEYS: api-keys, api-key-values, usage-plans. ARGV[1]: the key prefix, ARGV[2]: the change channel.
-- ARGV[3..4]: planId, keyId. {1} added, {-1} no plan, {-2} no key, {-3} in the plan already, {2, stageId} another
-- plan admits the key to one of the plan's stages.
local json = redis.call('HGET', KEYS[3], ARGV[3])
if json == false then
	return {-1}
end
if redis.call('HEXISTS', KEYS[1], ARGV[4]) == 0 then
	return {-2}
end
local planKeys = ARGV[1] .. 'usage-plan-keys:' .. ARGV[3]
if redis.call('HEXISTS', planKeys, ARGV[4]) == 1 then
	return {-3}
end
local keyStages = ARGV[1] .. 'api-key-stages:' .. ARGV[4]
local planStages = stages(json)
for _, s in ipairs(planStages) do
	local owner = redis.call('HGET', keyStages, s)
	if owner and owner ~= ARGV[3] then
		return {2, s}
	end
end
redis.call('HSET', planKeys, ARGV[4], 'API_KEY')
redis.call('SADD', ARGV[1] .. 'api-key-plans:' .. ARGV[4], ARGV[3])
for _, s in ipairs(planStages) do
	redis.call('HSET', keyStages, s, ARGV[3])
end
redis.call('PUBLISH', ARGV[2], 'API_KEY:' .. ARGV[4])
return {1}
