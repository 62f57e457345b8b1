-- An operator's retry: a FAILED record goes back to SENDING with its attempts reset, due now.
-- KEYS[1] record hash, KEYS[2] sending index, KEYS[3] failed index
-- ARGV[1] id, ARGV[2] now (epoch ms)
if redis.call('HGET', KEYS[1], 'status') ~= 'FAILED' then
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'SENDING', 'attempts', 0, 'nextAttemptAt', ARGV[2], 'lastError', '')
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
