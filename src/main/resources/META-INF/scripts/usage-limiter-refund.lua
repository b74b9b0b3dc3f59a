-- Gives back the token a request took from each bucket when a later part of its limits refused it.
-- KEYS[1..n]: the buckets; ARGV[i]: bucket i's burst.
for i = 1, #KEYS do
	local t = redis.call('HGET', KEYS[i], 't')
	if t then
		redis.call('HSET', KEYS[i], 't', tostring(math.min(tonumber(ARGV[i]), tonumber(t) + 1)))
	end
end
return 1
