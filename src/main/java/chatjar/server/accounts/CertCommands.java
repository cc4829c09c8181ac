package chatjar.server.accounts;

import chatjar.irc.CaseMapping;
import chatjar.server.LocalUser;
import chatjar.state.Client;
import chatjar.store.Account;

import java.util.Locale;

/** NickServ CERT: the TLS client certificate fingerprints that log an account in with SASL EXTERNAL. */
final class CertCommands {
    private CertCommands() {}

    // CERT ADD [fingerprint] | CERT DEL <fingerprint> | CERT LIST
    static void run(NickServ ns, Client c, String[] w) {
        String sub = w.length > 1 ? w[1].toUpperCase(Locale.ROOT) : "";
        if (!sub.equals("ADD") && !sub.equals("DEL") && !sub.equals("LIST")) {
            ns.notice(c, "Syntax: CERT ADD [fingerprint] | CERT DEL <fingerprint> | CERT LIST");
            return;
        }
        if (!ns.requireStoreLogin(c)) return;
        AccountService accounts = ns.accounts();
        String account = CaseMapping.fold(c.account);
        if (sub.equals("LIST")) {
            accounts.store().get(account, accounts.loop()::execute, (Account a, Throwable e) -> {
                if (a == null || a.certificates().isEmpty()) ns.notice(c, "No certificates on your account");
                else for (String fp : a.certificates()) ns.notice(c, "Certificate: " + fp);
            });
            return;
        }
        String given = w.length > 2 ? w[2] : sub.equals("ADD") ? LocalUser.of(c).certificateFingerprint() : null;
        if (given == null) {
            ns.notice(c, sub.equals("ADD") ? "You are not using a TLS client certificate; give its SHA-256 fingerprint"
                    : "Syntax: CERT DEL <fingerprint>");
            return;
        }
        String fp = normalize(given);
        if (fp == null) {
            ns.notice(c, "A fingerprint is the certificate's SHA-256 in hex (64 digits, colons allowed)");
            return;
        }
        if (sub.equals("ADD")) {
            accounts.store().addCertificate(account, fp, accounts.loop()::execute, (ok, e) -> ns.notice(c,
                    Boolean.TRUE.equals(ok) ? "Certificate " + fp + " added: SASL EXTERNAL now logs you in with it"
                            : "That certificate belongs to another account"));
        } else {
            accounts.store().removeCertificate(account, fp, accounts.loop()::execute, (ok, e) -> ns.notice(c,
                    Boolean.TRUE.equals(ok) ? "Certificate " + fp + " removed" : "That certificate is not on your account"));
        }
    }

    /** Lowercase hex without colons, or null if it is not a SHA-256 fingerprint. */
    static String normalize(String fingerprint) {
        String hex = fingerprint.replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.length() != 64) return null;
        for (int i = 0; i < hex.length(); i++) if (Character.digit(hex.charAt(i), 16) < 0) return null;
        return hex;
    }
}
