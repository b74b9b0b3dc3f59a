-- KEYS: api-keys, api-key-values, usage-plans. ARGV[1]: the key prefix, ARGV[2]: the change channel.
-- ARGV[3..5]: planId, expected JSON, new JSON. {1} stored, {0} changed meanwhile, {-1} absent,
-- {2, keyId, stageId} an added stage is admitted to one of the plan's keys by another plan.
local current = redis.call('HGET', KEYS[3], ARGV[3])
if current == false then
	return {-1}
end
if current ~= ARGV[4] then
	return {0}
end
local old, new = stages(current), stages(ARGV[5])
local inOld, inNew = {}, {}
for _, s in ipairs(old) do inOld[s] = true end
for _, s in ipairs(new) do inNew[s] = true end
local keyIds = redis.call('HKEYS', ARGV[1] .. 'usage-plan-keys:' .. ARGV[3])
for _, keyId in ipairs(keyIds) do
	local keyStages = ARGV[1] .. 'api-key-stages:' .. keyId
	for _, s in ipairs(new) do
		if not inOld[s] then
			local owner = redis.call('HGET', keyStages, s)
			if owner and owner ~= ARGV[3] then
				return {2, keyId, s}
			end
		end
	end
end
for _, keyId in ipairs(keyIds) do
	local keyStages = ARGV[1] .. 'api-key-stages:' .. keyId
	for _, s in ipairs(old) do
		if not inNew[s] and redis.call('HGET', keyStages, s) == ARGV[3] then
			redis.call('HDEL', keyStages, s)
		end
	end
	for _, s in ipairs(new) do
		if not inOld[s] then
			redis.call('HSET', keyStages, s, ARGV[3])
		end
	end
end
redis.call('HSET', KEYS[3], ARGV[3], ARGV[5])
redis.call('PUBLISH', ARGV[2], 'USAGE_PLAN:' .. ARGV[3])
return {1}
