-- Stores a new SENDING record and indexes it by when it is due and by when it was created.
-- KEYS[1] record hash, KEYS[2] sending index (by due time), KEYS[3] sending index by creation time
-- ARGV[1] id, ARGV[2] due (epoch ms), ARGV[3] created (epoch ms), ARGV[4..] field/value pairs of the hash
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1
