-- Records a failed attempt: the record stays SENDING and is due again later, or becomes FAILED at the cap.
-- KEYS[1] record hash, KEYS[2] sending index, KEYS[3] failed index, KEYS[4] sending index by creation time
-- ARGV[1] id, ARGV[2] failed attempts the caller saw, ARGV[3] reason, ARGV[4] '1' if it counts,
-- ARGV[5] due again at (epoch ms), ARGV[6] attempt cap, ARGV[7] now (epoch ms)
if redis.call('HGET', KEYS[1], 'status') ~= 'SENDING' then
  return 'IGNORED'
end
local attempts = tonumber(redis.call('HGET', KEYS[1], 'attempts'))
if attempts ~= tonumber(ARGV[2]) then
  return 'IGNORED' -- a report about an older attempt
end
if ARGV[4] == '1' then
  attempts = attempts + 1
end
redis.call('HSET', KEYS[1], 'attempts', attempts, 'lastError', ARGV[3])
if attempts >= tonumber(ARGV[6]) then
  redis.call('HSET', KEYS[1], 'status', 'FAILED', 'nextAttemptAt', '')
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[4], ARGV[1])
  redis.call('ZADD', KEYS[3], ARGV[7], ARGV[1])
  return 'FAILED'
end
redis.call('HSET', KEYS[1], 'nextAttemptAt', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
return 'RETRY'
