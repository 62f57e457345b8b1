-- Removes many records and their index entries at once (a batch of confirms), whatever their status.
-- KEYS[1] sending index, KEYS[2] failed index, KEYS[3] sending index by creation time,
-- KEYS[4..] the record hashes
-- ARGV[1..] the ids, in the order of KEYS[4..]
-- returns how many records existed
local removed = 0
for i = 1, #ARGV do
  local id = ARGV[i]
  removed = removed + redis.call('DEL', KEYS[i + 3])
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
end
return removed
