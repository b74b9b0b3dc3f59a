-- KEYS[1..n]: the buckets; KEYS[n+1], KEYS[n+2]: the quota counter and the day's usage, when counting.
-- ARGV[1]: n; ARGV[2]: '1' to count; ARGV[3]: the quota limit, -1 for none; ARGV[4]: the quota counter's expiry
-- (ms); ARGV[5]: the day's expiry (ms); then, per bucket: burst, rate (per second), idle expiry (ms).
-- Returns {0, remaining (-1 without quota)} admitted, {1, i} throttled by bucket i, {2} over quota.
local n = tonumber(ARGV[1])
local time = redis.call('TIME')
local s, us = tonumber(time[1]), tonumber(time[2])
local tokens = {}
for i = 1, n do
	local burst = tonumber(ARGV[3 + 3 * i])
	local rate = tonumber(ARGV[4 + 3 * i])
	local state = redis.call('HMGET', KEYS[i], 't', 's', 'us')
	local t = burst
	if state[1] then
		local elapsed = (s - tonumber(state[2])) * 1000000 + (us - tonumber(state[3]))
		if elapsed < 0 then elapsed = 0 end
		t = math.min(burst, tonumber(state[1]) + elapsed * rate / 1000000)
	end
	if t < 1 then
		return {1, i}
	end
	tokens[i] = t
end
local remaining = -1
if ARGV[2] == '1' then
	local limit = tonumber(ARGV[3])
	local day = KEYS[n + 2]
	if limit >= 0 then
		-- Counted first and taken back when over: one command for an admitted request instead of a GET and an INCR.
		-- Expiries are set when a key is created (UpdateUsage sets its own), not on every request.
		local quota = KEYS[n + 1]
		local used = redis.call('INCR', quota)
		if used == 1 then
			redis.call('PEXPIRE', quota, ARGV[4])
		end
		if used > limit then
			redis.call('DECR', quota)
			return {2}
		end
		remaining = limit - used
		redis.call('HSET', day, 'remaining', remaining)
	end
	if redis.call('HINCRBY', day, 'used', 1) == 1 then
		redis.call('PEXPIRE', day, ARGV[5])
	end
end
for i = 1, n do
	redis.call('HSET', KEYS[i], 't', tostring(tokens[i] - 1), 's', time[1], 'us', time[2])
	redis.call('PEXPIRE', KEYS[i], ARGV[5 + 3 * i])
end
return {0, remaining}
