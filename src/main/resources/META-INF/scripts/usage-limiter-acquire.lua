-- Takes one token from each bucket of a request, counts its quota and the day's usage, or refuses it; for every
-- request of a batch (the requests that arrived while the previous batch was in Redis), in order, at one instant.
-- The batch comes as groups of identical requests (one API key's requests of one method): per group, in ARGV,
-- c (its requests), n (its buckets), q (1 when counting a key, else 0), per bucket i the interval between two tokens
-- (µs), the tolerance ((burst - 1) x the interval, µs) and the idle expiry (ms), then when counting the quota limit
-- (-1 for none), when the quota counter expires (Unix time, ms) and the day's expiry (ms); in KEYS, its n buckets,
-- then when counting its quota counter and its day's usage.
-- Returns, for one request, 0 admitted, i throttled by bucket i, -1 over quota; for a batch, per group two integers:
-- how many of its requests were admitted (the first ones), and why the rest were refused (as above, 0 when none was).
--
-- A bucket is one number, its theoretical arrival time (GCRA): the Redis time, in µs, at which it is full again. It
-- admits when that time is at most the tolerance ahead of now, and moves it one interval on: the same decisions as
-- a token bucket of the burst refilled at the rate. Each key is read once and written once per batch, whatever the
-- number of requests it decided, so a batch of one runs the commands of one request. Two tables hold the batch's
-- state, by key name (Lua tables cost Redis more than the arithmetic): in value, a bucket's arrival time, a quota
-- counter's count, a day's requests counted; in change, what is to be written: a moved bucket's idle expiry, the
-- requests a counter adds after its first, the quota a day has left.
local time = redis.call('TIME')
local now = time[1] * 1000000 + time[2]
local value, change = {}, {}
local single = ARGV[1] == '1' and #ARGV == 3 + 3 * tonumber(ARGV[2]) + (ARGV[3] == '1' and 3 or 0)
local answers = single and 0 or {}
local k, a = 1, 1
while a <= #ARGV do
	local c, n, counting = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), ARGV[a + 2] == '1'
	local b = a + 3
	for i = 0, n - 1 do
		local key = KEYS[k + i]
		if not value[key] then
			value[key] = tonumber(redis.call('GET', key)) or now
		end
	end
	local limit, quota, day
	if counting then
		limit = tonumber(ARGV[b + 3 * n])
		day = KEYS[k + n + 1]
		if limit >= 0 then
			quota = KEYS[k + n]
		end
	end
	local admitted, refused = 0, 0
	for _ = 1, c do
		for i = 0, n - 1 do
			local at = math.max(value[KEYS[k + i]], now)
			if at - now > tonumber(ARGV[b + 3 * i + 1]) then
				refused = i + 1
				break
			end
		end
		if refused ~= 0 then
			break
		end
		if quota then
			local used = value[quota]
			if not used then
				-- The counter's first request of the batch counts with one command (taken back when over), and
				-- creates it with its expiry; the batch's later ones are added with one INCRBY at the end.
				used = redis.call('INCR', quota)
				if used == 1 then
					redis.call('PEXPIREAT', quota, ARGV[b + 3 * n + 1])
				end
				if used > limit then
					value[quota] = redis.call('DECR', quota)
					refused = -1
					break
				end
				change[quota] = 0
			elseif used >= limit then
				refused = -1
				break
			else
				used = used + 1
				change[quota] = change[quota] + 1
			end
			value[quota] = used
			change[day] = limit - used
		end
		if day then
			value[day] = (value[day] or 0) + 1
		end
		for i = 0, n - 1 do
			local key = KEYS[k + i]
			value[key] = math.max(value[key], now) + tonumber(ARGV[b + 3 * i])
			change[key] = ARGV[b + 3 * i + 2]
		end
		admitted = admitted + 1
	end
	if single then
		answers = refused
	else
		answers[#answers + 1] = admitted
		answers[#answers + 1] = refused
	end
	k = k + n + (counting and 2 or 0)
	a = b + 3 * n + (counting and 3 or 0)
end
-- The writes, each key's once: the groups again, each key cleared from the tables once written.
k, a = 1, 1
while a <= #ARGV do
	local n, counting = tonumber(ARGV[a + 1]), ARGV[a + 2] == '1'
	local b = a + 3
	if counting then
		local quota, day = KEYS[k + n], KEYS[k + n + 1]
		if change[quota] then
			if change[quota] > 0 then
				redis.call('INCRBY', quota, change[quota])
			end
			change[quota] = nil
		end
		if value[day] then
			if change[day] then
				redis.call('HSET', day, 'remaining', change[day])
			end
			if redis.call('HINCRBY', day, 'used', value[day]) == value[day] then
				redis.call('PEXPIRE', day, ARGV[b + 3 * n + 2])
			end
			value[day] = nil
		end
	end
	for i = 0, n - 1 do
		local key = KEYS[k + i]
		if change[key] then
			-- Kept until full again (and a second), which an idle bucket is without its key.
			local ttl = math.ceil((value[key] - now) / 1000) + 1000
			redis.call('SET', key, value[key], 'PX', math.min(ttl, tonumber(change[key])))
			change[key] = nil
		end
	end
	k = k + n + (counting and 2 or 0)
	a = b + 3 * n + (counting and 3 or 0)
end
return answers
