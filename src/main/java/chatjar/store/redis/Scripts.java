package chatjar.store.redis;

/**
 * The store's Lua scripts, each one atomic step in Redis. Keys are built from the prefix inside (one Redis, not
 * Redis Cluster, as for the rest of the cluster). Key layout, all under {@code chatjar:}:
 * <pre>
 *   hist:&lt;target&gt;      Stream; entry id = seq as ms-rest, field e = the event
 *   hist-active        sorted set target → ms of its latest event (TARGETS, purge)
 *   hist-dm:&lt;account&gt;  sorted set direct target → ms of its latest event, per side
 *   hist-high          hash node number → highest msgid it stored (MsgIds floor after a restart)
 *   node-numbers       hash node name → number 0-63 (the node bits of its msgids)
 *   acct:&lt;name&gt;        hash display, created, scram, nick:&lt;nick&gt;, cert:&lt;fingerprint&gt;
 *   acct-names         sorted set (all scores 0: sorted by name) of account names
 *   acct-nicks         hash nick → account        acct-certs  hash fingerprint → account
 * </pre>
 */
final class Scripts {
    private Scripts() {}

    /**
     * A batch of events, grouped by target and ascending within each (the caller sorts). ARGV: prefix, maxlen
     * (0 none), late cap, node number, its highest msgid in the batch, event count n, then n × (target, id, id of
     * seq-1, body), then per target (target, latest ms, peer a, peer b; peers empty for a channel). Events older
     * than their stream's newest entry (another node's batch got there first) are put in their place together,
     * once per target: the entries from the first of them on (at most the late cap) are taken out, the stream's last
     * id is set back, and both runs are added again merged in order; an id already stored is kept once. Returns
     * the events dropped as too late (more than the cap after them). XSETID is given MAXDELETEDID: newer Redis
     * (redis#11444; 7.0.15 does not) otherwise refuses an id below the highest deleted one, which the XDELs just
     * raised.
     */
    static final String APPEND = """
            local P, maxlen, cap = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
            local n = tonumber(ARGV[6])
            local dropped = 0
            local function below(a, b)
              local am, as = string.match(a, '(%d+)-(%d+)')
              local bm, bs = string.match(b, '(%d+)-(%d+)')
              if am ~= bm then return tonumber(am) < tonumber(bm) end
              return tonumber(as) < tonumber(bs)
            end
            local function settle(key, late)
              local later = redis.call('XRANGE', key, late[1][1], '+', 'COUNT', cap + 1) -- from it: it may be there
              if #later > cap then dropped = dropped + #late; return end
              for _, e in ipairs(later) do redis.call('XDEL', key, e[1]) end
              redis.call('XSETID', key, late[1][2], 'MAXDELETEDID', late[1][2])
              local i, j = 1, 1
              while i <= #late or j <= #later do
                if j > #later or (i <= #late and below(late[i][1], later[j][1])) then
                  redis.call('XADD', key, late[i][1], 'e', late[i][3])
                  i = i + 1
                else
                  if i <= #late and late[i][1] == later[j][1] then i = i + 1 end
                  redis.call('XADD', key, later[j][1], unpack(later[j][2]))
                  j = j + 1
                end
              end
            end
            local key, late = nil, {}
            for i = 7, 6 + 4 * n, 4 do
              local k, id, body = P .. 'hist:' .. ARGV[i], ARGV[i + 1], ARGV[i + 3]
              if k ~= key then
                if #late > 0 then settle(key, late) end
                key, late = k, {}
              end
              local r
              if maxlen > 0 then r = redis.pcall('XADD', k, 'MAXLEN', '~', maxlen, id, 'e', body)
              else r = redis.pcall('XADD', k, id, 'e', body) end
              if type(r) == 'table' and r.err and (#late == 0 or late[#late][1] ~= id) then
                late[#late + 1] = {id, ARGV[i + 2], body}
              end
            end
            if #late > 0 then settle(key, late) end
            for i = 7 + 4 * n, #ARGV, 4 do
              local t, ms = ARGV[i], ARGV[i + 1]
              redis.call('ZADD', P .. 'hist-active', 'GT', ms, t)
              if ARGV[i + 2] ~= '' then
                redis.call('ZADD', P .. 'hist-dm:' .. ARGV[i + 2], 'GT', ms, t)
                redis.call('ZADD', P .. 'hist-dm:' .. ARGV[i + 3], 'GT', ms, t)
              end
            end
            local high = redis.call('HGET', P .. 'hist-high', ARGV[4])
            if not high or high < ARGV[5] then redis.call('HSET', P .. 'hist-high', ARGV[4], ARGV[5]) end
            return dropped
            """;

    /**
     * CHATHISTORY TARGETS. ARGV: prefix, lower id bound (exclusive), upper id bound (exclusive), lower ms,
     * account ('' if none), then the channels. Returns (target, id, body) of each candidate's latest event in the
     * window; sorting and the limit are the caller's.
     */
    static final String TARGETS = """
            local P, lo, hi, loMs, account = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
            local out = {}
            local function probe(t)
              local e = redis.call('XREVRANGE', P .. 'hist:' .. t, hi, lo, 'COUNT', 1)
              if #e > 0 then out[#out + 1] = t; out[#out + 1] = e[1][1]; out[#out + 1] = e[1][2][2] end
            end
            for i = 6, #ARGV do
              local ms = redis.call('ZSCORE', P .. 'hist-active', ARGV[i])
              if ms and tonumber(ms) > loMs then probe(ARGV[i]) end
            end
            if account ~= '' then
              for _, t in ipairs(redis.call('ZRANGEBYSCORE', P .. 'hist-dm:' .. account, '(' .. loMs, '+inf', 'LIMIT', 0, 1000)) do
                probe(t)
              end
            end
            return out
            """;

    /**
     * Retention, step one: deletes up to ARGV[3] whole targets whose latest event is older than ARGV[2] ms.
     * ARGV: prefix, cutoff ms, count. Returns {events removed, targets removed}.
     */
    static final String PURGE_OLD = """
            local P = ARGV[1]
            local old = redis.call('ZRANGEBYSCORE', P .. 'hist-active', '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
            local removed = 0
            for _, t in ipairs(old) do
              removed = removed + redis.call('XLEN', P .. 'hist:' .. t)
              redis.call('DEL', P .. 'hist:' .. t)
              redis.call('ZREM', P .. 'hist-active', t)
              local comma = string.find(t, ',', 1, true)
              if comma and not string.find('#&+!', string.sub(t, 1, 1), 1, true) then
                redis.call('ZREM', P .. 'hist-dm:' .. string.sub(t, 1, comma - 1), t)
                redis.call('ZREM', P .. 'hist-dm:' .. string.sub(t, comma + 1), t)
              end
            end
            return {removed, #old}
            """;

    /**
     * Retention, step two: trims targets ranked ARGV[2] to ARGV[2] + ARGV[3] - 1 in hist-active, below min id
     * ARGV[4] ('' for none) and to ARGV[5] entries (0 for none), exactly. Returns {events removed, targets seen}.
     */
    static final String TRIM = """
            local P, from, count, minid, maxlen = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
            local ts = redis.call('ZRANGE', P .. 'hist-active', from, from + count - 1)
            local removed = 0
            for _, t in ipairs(ts) do
              if minid ~= '' then removed = removed + redis.call('XTRIM', P .. 'hist:' .. t, 'MINID', minid) end
              if maxlen > 0 then removed = removed + redis.call('XTRIM', P .. 'hist:' .. t, 'MAXLEN', maxlen) end
            end
            return {removed, #ts}
            """;

    /**
     * A dropped account: deletes every direct conversation in hist-dm:&lt;account&gt; (the stream, and its place in
     * hist-active and in the other side's hist-dm), then that set. ARGV: prefix, account. Returns the events
     * removed.
     */
    static final String FORGET = """
            local P, account = ARGV[1], ARGV[2]
            local removed = 0
            for _, t in ipairs(redis.call('ZRANGE', P .. 'hist-dm:' .. account, 0, -1)) do
              removed = removed + redis.call('XLEN', P .. 'hist:' .. t)
              redis.call('DEL', P .. 'hist:' .. t)
              redis.call('ZREM', P .. 'hist-active', t)
              local comma = string.find(t, ',', 1, true)
              if comma then
                redis.call('ZREM', P .. 'hist-dm:' .. string.sub(t, 1, comma - 1), t)
                redis.call('ZREM', P .. 'hist-dm:' .. string.sub(t, comma + 1), t)
              end
            end
            redis.call('DEL', P .. 'hist-dm:' .. account)
            return removed
            """;

    /**
     * This node's number: the one its name had, else the lowest free, else (all 64 given out) one whose node's
     * heartbeat has expired. ARGV: prefix, name. Returns the number and the highest msgid stored under it ('').
     */
    static final String NODE_NUMBER = """
            local P, name = ARGV[1], ARGV[2]
            local h = P .. 'node-numbers'
            local n = redis.call('HGET', h, name)
            if not n then
              local owner = {}
              local all = redis.call('HGETALL', h)
              for i = 1, #all, 2 do owner[tonumber(all[i + 1])] = all[i] end
              for k = 0, 63 do if not owner[k] then n = k; break end end
              if not n then
                for k = 0, 63 do
                  if redis.call('EXISTS', P .. 'alive:' .. owner[k]) == 0 then redis.call('HDEL', h, owner[k]); n = k; break end
                end
              end
              if not n then return {-1, ''} end
              redis.call('HSET', h, name, n)
            end
            return {tonumber(n), redis.call('HGET', P .. 'hist-high', tostring(n)) or ''}
            """;
}
