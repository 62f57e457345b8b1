-- Records an operation's timeline entries exactly once: the marker and the effect in one script.
-- Redis runs a script alone (no other command in between) and writes its effects to the replicas and
-- the AOF as one MULTI/EXEC, so there is no moment when the marker is set and the entries are not,
-- or the other way round: no crash, redelivery or concurrent copy can record an operation twice or lose it.
--
-- KEYS[1]  the order's applied operations (a set: the marker)
-- KEYS[2]  the order's timeline (a sorted set: score = epoch millis, member = the entry as JSON)
-- ARGV[1]  the operation id, e.g. order-42-stock-reserved-v0
-- ARGV[2]  retention in milliseconds (both keys expire together)
-- ARGV[3], ARGV[4], ...  pairs of score and entry
-- Returns 1 when the entries were recorded, 0 when the operation was already recorded (a duplicate).
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then
    return 0
end
for i = 3, #ARGV, 2 do
    redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
