/**
 * The cluster over Redis (Lettuce, asynchronous): nick leases, node heartbeats, user records, channel state and
 * one pub/sub channel for events. Lettuce's callbacks only enqueue into the loop; the loop never waits on Redis.
 */
package chatjar.cluster.redis;
