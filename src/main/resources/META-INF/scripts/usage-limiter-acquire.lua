-- Takes one token from each bucket, counts the quota and the day's usage, or refuses: one call per request.
-- KEYS[1..n]: the buckets; KEYS[n+1], KEYS[n+2]: the quota counter and the day's usage, when counting.
-- ARGV[1]: n; per bucket i, ARGV[3i-1..3i+1]: the interval between two tokens (µs), the tolerance ((burst - 1) x the
-- interval, µs), the idle expiry (ms); when counting, ARGV[3n+2..3n+4]: the quota limit (-1 for none), when the
-- quota counter expires (Unix time, ms), the day's expiry (ms).
-- Returns 0 admitted, i throttled by bucket i, -1 over quota.
--
-- A bucket is one number, its theoretical arrival time (GCRA): the Redis time, in µs, at which it is full again. It
-- admits when that time is at most the tolerance ahead of now, and moves it one interval on: the same decisions as
-- a token bucket of the burst refilled at the rate, in one GET and one SET (which also sets its expiry), with
-- numbers passed to Redis as numbers (Redis formats them exactly) rather than strings built here.
local n = tonumber(ARGV[1])
local time = redis.call('TIME')
local now = time[1] * 1000000 + time[2]
local due = {}
for i = 1, n do
	local at = tonumber(redis.call('GET', KEYS[i])) or now
	if at < now then
		at = now
	end
	if at - now > tonumber(ARGV[3 * i]) then
		return i
	end
	due[i] = at + tonumber(ARGV[3 * i - 1])
end
if #KEYS > n then
	local limit = tonumber(ARGV[3 * n + 2])
	local day = KEYS[n + 2]
	if limit >= 0 then
		-- Counted first and taken back when over: one command for an admitted request instead of a GET and an INCR.
		-- Expiries are set when a key is created (UpdateUsage sets its own), not on every request.
		local quota = KEYS[n + 1]
		local used = redis.call('INCR', quota)
		if used == 1 then
			redis.call('PEXPIREAT', quota, ARGV[3 * n + 3])
		end
		if used > limit then
			redis.call('DECR', quota)
			return -1
		end
		redis.call('HSET', day, 'remaining', limit - used)
	end
	if redis.call('HINCRBY', day, 'used', 1) == 1 then
		redis.call('PEXPIRE', day, ARGV[3 * n + 4])
	end
end
for i = 1, n do
	-- Kept until full again (and a second), which an idle bucket is without its key.
	local ttl = math.ceil((due[i] - now) / 1000) + 1000
	redis.call('SET', KEYS[i], due[i], 'PX', math.min(ttl, tonumber(ARGV[3 * i + 1])))
end
return 0
