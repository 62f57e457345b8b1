-- Records an operation's timeline entries exactly once: the marker and the effect in one script.
-- Redis runs a script alone (no other command in between) and writes its effects to the replicas and
-- the AOF as one MULTI/EXEC, so there is no moment when the marker is set and the entries are not,
-- or the other way round: no crash, redelivery or concurrent copy can record an operation twice or lose it.
-- An order's timeline holds at most ARGV[3] entries: an operation that would pass the cap is not
-- stored (neither marker nor entries, so the order's keys stay bounded too) but counted in KEYS[3].
--
-- KEYS[1]  the order's applied operations (a set: the marker)
-- KEYS[2]  the order's timeline (a sorted set: score = epoch millis, member = the entry as JSON)
-- KEYS[3]  the order's count of entries not stored because the timeline was full
-- ARGV[1]  the operation id, e.g. order-42-created-v0
-- ARGV[2]  retention in milliseconds (the keys expire together)
-- ARGV[3]  the most entries the order's timeline keeps
-- ARGV[4], ARGV[5], ...  pairs of score and entry
-- Returns 1 when the entries were recorded, 0 when the operation was already recorded (a duplicate),
-- 2 when the timeline was full and they were counted instead.
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
    return 0
end
local entries = (#ARGV - 3) / 2
if redis.call('ZCARD', KEYS[2]) + entries > tonumber(ARGV[3]) then
    redis.call('INCRBY', KEYS[3], entries)
    redis.call('PEXPIRE', KEYS[3], ARGV[2])
    return 2
end
redis.call('SADD', KEYS[1], ARGV[1])
for i = 4, #ARGV, 2 do
    redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
