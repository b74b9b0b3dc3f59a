-- Takes one token from each bucket of a request, counts its quota and the day's usage, or refuses it; for every
-- request of a batch (the requests that arrived while the previous batch was in Redis), in order, at one instant.
-- The batch comes as groups of identical requests (one API key's requests of one method): per group, in ARGV,
-- c (its requests), n (its buckets), q (1 when counting a key, else 0), per bucket i the interval between two tokens
-- (µs), the tolerance ((burst - 1) x the interval, µs) and the idle expiry (ms), then when counting the quota limit
-- (-1 for none), when the quota counter expires (Unix time, ms) and the day's expiry (ms); in KEYS, its n buckets,
-- then when counting its quota counter and its day's usage.
-- Returns per group two integers: how many of its requests were admitted (the first ones), and why the rest were
-- refused: i throttled by bucket i, -1 over quota (0 when none was).
--
-- A bucket is one number, its theoretical arrival time (GCRA): the Redis time, in µs, at which it is full again. It
-- admits when that time is at most the tolerance ahead of now, and moves it one interval on: the same decisions as
-- a token bucket of the burst refilled at the rate. Each key is read once and written once per batch, whatever the
-- number of requests it decided: a batch of one is the commands of one request.
local time = redis.call('TIME')
local now = time[1] * 1000000 + time[2]
local buckets, bucketOrder = {}, {}
local quotas, quotaOrder = {}, {}
local days, dayOrder = {}, {}
local answers = {}
local k, a = 1, 1
while a <= #ARGV do
	local c, n, counting = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), ARGV[a + 2] == '1'
	local group = {}
	for i = 1, n do
		local key = KEYS[k + i - 1]
		local bucket = buckets[key]
		if not bucket then
			bucket = { at = tonumber(redis.call('GET', key)) or now }
			buckets[key] = bucket
			bucketOrder[#bucketOrder + 1] = key
		end
		bucket.expiry = tonumber(ARGV[a + 3 * i + 2])
		group[i] = { bucket = bucket, interval = tonumber(ARGV[a + 3 * i]), tolerance = tonumber(ARGV[a + 3 * i + 1]) }
	end
	local quota, day, limit
	if counting then
		local q = a + 3 * n + 3
		limit = tonumber(ARGV[q])
		day = days[KEYS[k + n + 1]]
		if not day then
			day = { key = KEYS[k + n + 1], used = 0, expiry = ARGV[q + 2] }
			days[day.key] = day
			dayOrder[#dayOrder + 1] = day
		end
		if limit >= 0 then
			quota = quotas[KEYS[k + n]]
			if not quota then
				quota = { key = KEYS[k + n], expiresAt = ARGV[q + 1], added = 0 }
				quotas[quota.key] = quota
			end
		end
	end
	local admitted, refused = 0, 0
	for r = 1, c do
		for i = 1, n do
			local at = group[i].bucket.at
			if at < now then
				at = now
			end
			if at - now > group[i].tolerance then
				refused = i
				break
			end
			group[i].due = at + group[i].interval
		end
		if refused ~= 0 then
			break
		end
		if quota then
			if not quota.used then
				-- The counter's first request of the batch counts with one command (taken back when over), and
				-- is created with its expiry; the batch's later ones are added with one INCRBY at the end.
				quota.used = redis.call('INCR', quota.key)
				if quota.used == 1 then
					redis.call('PEXPIREAT', quota.key, quota.expiresAt)
				end
				if quota.used > limit then
					quota.used = redis.call('DECR', quota.key)
					refused = -1
					break
				end
				quotaOrder[#quotaOrder + 1] = quota
			elseif quota.used + 1 > limit then
				refused = -1
				break
			else
				quota.used = quota.used + 1
				quota.added = quota.added + 1
			end
			day.remaining = limit - quota.used
		end
		if day then
			day.used = day.used + 1
		end
		for i = 1, n do
			group[i].bucket.at = group[i].due
			group[i].bucket.taken = true
		end
		admitted = admitted + 1
	end
	answers[#answers + 1] = admitted
	answers[#answers + 1] = refused
	k = k + n + (counting and 2 or 0)
	a = a + 3 + 3 * n + (counting and 3 or 0)
end
for _, quota in ipairs(quotaOrder) do
	if quota.added > 0 then
		redis.call('INCRBY', quota.key, quota.added)
	end
end
for _, day in ipairs(dayOrder) do
	if day.remaining then
		redis.call('HSET', day.key, 'remaining', day.remaining)
	end
	if day.used > 0 and redis.call('HINCRBY', day.key, 'used', day.used) == day.used then
		redis.call('PEXPIRE', day.key, day.expiry)
	end
end
for _, key in ipairs(bucketOrder) do
	local bucket = buckets[key]
	if bucket.taken then
		-- Kept until full again (and a second), which an idle bucket is without its key.
		local ttl = math.ceil((bucket.at - now) / 1000) + 1000
		redis.call('SET', key, bucket.at, 'PX', math.min(ttl, bucket.expiry))
	end
end
return answers
