-- Removes a record and its index entries, whatever its status (delivered or discarded).
-- KEYS[1] record hash, KEYS[2] sending index, KEYS[3] failed index, KEYS[4] sending index by creation time
-- ARGV[1] id
local existed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return existed
