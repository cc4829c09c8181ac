package chatjar.store;

/**
 * Target keys. A channel's key is its casefolded name. A direct conversation between two accounts is stored
 * once, under {@code a,b} with the two casefolded account names in order: a comma can appear in neither a
 * channel name nor an account, and a key without a channel prefix is never a channel, so the two kinds cannot
 * collide. Only conversations between logged-in users are kept (issue 14's privacy rule).
 */
public final class Targets {
    private Targets() {}

    public static String direct(String accountA, String accountB) {
        return accountA.compareTo(accountB) <= 0 ? accountA + "," + accountB : accountB + "," + accountA;
    }

    public static boolean isDirect(String key) {
        return !key.isEmpty() && "#&+!".indexOf(key.charAt(0)) < 0 && key.indexOf(',') > 0;
    }

    /** The two accounts of a direct key, or null for a channel. */
    public static String[] peers(String key) {
        if (!isDirect(key)) return null;
        int comma = key.indexOf(',');
        return new String[] {key.substring(0, comma), key.substring(comma + 1)};
    }

    /** True if {@code account} (casefolded) is one of the two sides of direct key {@code key}. */
    public static boolean involves(String key, String account) {
        String[] p = peers(key);
        return p != null && (p[0].equals(account) || p[1].equals(account));
    }
}
