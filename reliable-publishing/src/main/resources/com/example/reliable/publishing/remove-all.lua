-- Removes many records and their index entries at once (a batch of confirms), whatever their status.
-- KEYS[1] sending index, KEYS[2] failed index, KEYS[3] sending index by creation time
-- ARGV[1] key prefix of the record hashes, ARGV[2..] ids
-- returns how many records existed
local removed = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  removed = removed + redis.call('DEL', ARGV[1] .. id)
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
end
return removed
