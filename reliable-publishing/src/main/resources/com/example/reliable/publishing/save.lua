-- Stores a new SENDING record and indexes it by when it is due.
-- KEYS[1] record hash, KEYS[2] sending index
-- ARGV[1] id, ARGV[2] due (epoch ms), ARGV[3..] field/value pairs of the hash
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
