-- Registers a WebSocket connection with the replica it lives on.
-- KEYS[1]: the connection's hash
-- ARGV[1]: how long the entry may live, in milliseconds (the longest a connection lasts, plus the replica lease)
-- ARGV[2..]: field, value, field, value, ...
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
