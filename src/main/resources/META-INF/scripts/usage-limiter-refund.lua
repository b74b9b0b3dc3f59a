-- Gives back the token a request took from each bucket when a later part of its limits refused it: moves the
-- bucket's theoretical arrival time back one interval (see usage-limiter-acquire).
-- KEYS[1..n]: the buckets; ARGV[i]: bucket i's interval (µs).
for i = 1, #KEYS do
	local at = tonumber(redis.call('GET', KEYS[i]))
	if at then
		redis.call('SET', KEYS[i], at - tonumber(ARGV[i]), 'KEEPTTL')
	end
end
return 1
