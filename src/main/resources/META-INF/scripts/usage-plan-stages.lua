-- Reads the apiId:stage ids of a usage plan's JSON.
local function stages(json)
	local plan = cjson.decode(json)
	local ids = {}
	if type(plan.apiStages) == 'table' then
		for _, stage in ipairs(plan.apiStages) do
			ids[#ids + 1] = stage.apiId .. ':' .. stage.stage
		end
	end
	return ids
end
