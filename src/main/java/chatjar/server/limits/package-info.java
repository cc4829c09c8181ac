/** Abuse limits that are policy, not protocol: per-network connection counts and throttles, and flood control. */
package chatjar.server.limits;
