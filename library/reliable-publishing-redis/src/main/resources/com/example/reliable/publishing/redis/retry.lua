-- An operator's retry: a FAILED record goes back to SENDING with its attempts reset, due now.
-- It keeps its creation time: the message has waited since then.
-- KEYS[1] record hash, KEYS[2] sending index, KEYS[3] failed index, KEYS[4] sending index by creation time
-- ARGV[1] id, ARGV[2] now (epoch ms)
if redis.call('HGET', KEYS[1], 'status') ~= 'FAILED' then
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'SENDING', 'attempts', 0, 'nextAttemptAt', ARGV[2], 'lastError', '')
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[4], redis.call('HGET', KEYS[1], 'createdAt'), ARGV[1])
return 1
