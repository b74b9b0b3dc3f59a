-- KEYS[1], KEYS[2]: the quota counter and the day's usage; ARGV[1]: the counter's new value (limit - remaining);
-- ARGV[2]: the remaining; ARGV[3], ARGV[4]: their expiries (ms).
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('HSET', KEYS[2], 'remaining', ARGV[2])
redis.call('HSETNX', KEYS[2], 'used', 0)
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1
