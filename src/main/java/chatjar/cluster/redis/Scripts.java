package chatjar.cluster.redis;

/**
 * The Lua scripts that make each step atomic in Redis. Keys are built from the prefix inside the scripts, which
 * suits one Redis (not Redis Cluster, whose keys must be declared).
 */
final class Scripts {
    private Scripts() { }

    /**
     * Claims a nick for a node: free, ours already, or held by a node whose heartbeat key has expired (a dead
     * node's leases need no sweep to become free). KEYS[1] nick key; ARGV node, prefix. Returns 1 or 0.
     */
    static final String CLAIM = """
            local owner = redis.call('GET', KEYS[1])
            if owner and owner ~= ARGV[1] and redis.call('EXISTS', ARGV[2] .. 'alive:' .. owner) == 1 then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1])
            return 1
            """;

    /** Frees a nick if this node holds it. KEYS[1] nick key; ARGV node. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
            return 1
            """;

    /**
     * The heartbeat: renews this node's key, and sweeps every node whose key has expired (its nick leases, its
     * user records, its name in the set). ARGV prefix, node, instance id, ttl ms. Returns the key's previous value
     * ("" when it had expired or Redis lost it) followed by the live nodes.
     */
    static final String TICK = """
            local p = ARGV[1]
            local prev = redis.call('GET', p .. 'alive:' .. ARGV[2])
            redis.call('SET', p .. 'alive:' .. ARGV[2], ARGV[3], 'PX', ARGV[4])
            redis.call('SADD', p .. 'nodes', ARGV[2])
            local out = { prev or '' }
            for _, n in ipairs(redis.call('SMEMBERS', p .. 'nodes')) do
              if redis.call('EXISTS', p .. 'alive:' .. n) == 1 then
                table.insert(out, n)
              else
                for _, f in ipairs(redis.call('HKEYS', p .. 'users:' .. n)) do
                  if redis.call('GET', p .. 'nick:' .. f) == n then redis.call('DEL', p .. 'nick:' .. f) end
                end
                redis.call('DEL', p .. 'users:' .. n)
                redis.call('SREM', p .. 'nodes', n)
              end
            end
            return out
            """;

    /**
     * A node starting under its name forgets its previous incarnation (its leases and records); refused while
     * that name's heartbeat key is alive. ARGV prefix, node. Returns 0 when the name is in use.
     */
    static final String RESET = """
            local p = ARGV[1]
            if redis.call('EXISTS', p .. 'alive:' .. ARGV[2]) == 1 then return 0 end
            for _, f in ipairs(redis.call('HKEYS', p .. 'users:' .. ARGV[2])) do
              if redis.call('GET', p .. 'nick:' .. f) == ARGV[2] then redis.call('DEL', p .. 'nick:' .. f) end
            end
            redis.call('DEL', p .. 'users:' .. ARGV[2])
            return 1
            """;
}
