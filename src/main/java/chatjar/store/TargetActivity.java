package chatjar.store;

/** A line of CHATHISTORY TARGETS: a target and the server time of its latest event within the asked range. */
public record TargetActivity(String target, String display, long latestMillis) {}
