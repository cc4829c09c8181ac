package chatjar.server.caps;

import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.LocalUser;
import chatjar.server.Replies;
import chatjar.server.handlers.Registrar;
import chatjar.state.Client;
import chatjar.state.Users;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static chatjar.irc.Numerics.*;

/** Capability negotiation: CAP LS/LIST/REQ/END. Registration waits until CAP END once a client starts. */
public final class CapHandlers {
    /** Keeps each CAP line well inside 512 bytes with the prefix, nick and the {@code *} continuation marker. */
    private static final int LINE_BUDGET = 380;

    private final Replies out;
    private final Users users;
    private final AccountStore accounts;
    private final Registrar registrar;
    private final String serverName;

    public CapHandlers(Replies out, Users users, AccountStore accounts, Registrar registrar, String serverName) {
        this.out = out;
        this.users = users;
        this.accounts = accounts;
        this.registrar = registrar;
        this.serverName = serverName;
    }

    public void register(Commands t) {
        t.add("CAP", 1, true, this::cap);
    }

    /** Offered to this server's clients: sasl only when there are accounts to log in to. */
    public boolean offers(Cap cap) {
        if (cap == Cap.SASL) return accounts.offered();
        return cap != Cap.ACCOUNT_REGISTRATION || accounts.backed();
    }

    private String value(Cap cap) {
        return switch (cap) {
            case SASL -> SaslHandlers.mechanisms(accounts.backed());
            case ACCOUNT_REGISTRATION -> "before-connect";
            default -> null;
        };
    }

    // CAP LS [<version>] | CAP LIST | CAP REQ :<caps> | CAP END
    private void cap(Client c, Message m) {
        LocalUser local = LocalUser.of(c);
        switch (m.param(0).toUpperCase(Locale.ROOT)) {
            case "LS" -> {
                if (!c.registered) local.capNegotiating = true;
                if (m.paramCount() > 1 && version(m.param(1)) >= 302) {
                    local.cap302 = true;
                    local.caps |= Cap.CAP_NOTIFY.bit; // implied by 302, and may not be disabled
                }
                List<String> tokens = new ArrayList<>();
                for (Cap cap : Cap.values()) {
                    if (!offers(cap)) continue;
                    String v = local.cap302 ? value(cap) : null;
                    tokens.add(v == null ? cap.token : cap.token + "=" + v);
                }
                reply(c, "LS", tokens);
            }
            case "LIST" -> {
                List<String> tokens = new ArrayList<>();
                for (Cap cap : Cap.values()) if (cap.in(local.caps)) tokens.add(cap.token);
                reply(c, "LIST", tokens);
            }
            case "REQ" -> {
                if (!c.registered) local.capNegotiating = true;
                req(c, m.paramCount() > 1 ? m.param(1).trim() : "");
            }
            case "END" -> {
                if (c.registered) return;
                local.capNegotiating = false;
                registrar.tryRegister(c);
            }
            default -> out.numeric(c, ERR_INVALIDCAPCMD, m.param(0), "Invalid CAP subcommand");
        }
    }

    /**
     * cap-notify: {@code cap} is now offered ({@code CAP NEW}) or no longer ({@code CAP DEL}). Every client with
     * cap-notify is told, registered or still negotiating; CAP LS 302 implied it. A removed capability is also
     * switched off for whoever had it, and a SASL exchange half-way through is dropped (the store is gone).
     */
    public void offerChanged(Cap cap, boolean offered) {
        for (Client c : users.all()) {
            LocalUser local = LocalUser.of(c);
            if (local == null) continue;
            if (!offered) {
                local.caps &= ~cap.bit;
                if (cap == Cap.SASL) local.sasl = null;
            }
            if (!Cap.CAP_NOTIFY.in(local.caps) || local.plain) continue;
            String v = offered && local.cap302 ? value(cap) : null;
            out.send(c, ":" + serverName + " CAP " + c.target() + (offered ? " NEW :" : " DEL :")
                    + (v == null ? cap.token : cap.token + "=" + v));
        }
    }

    /** All or nothing, as the spec demands: one unknown or forbidden token NAKs the whole request. */
    private void req(Client c, String request) {
        LocalUser local = LocalUser.of(c);
        long caps = local.caps;
        boolean ok = !request.isEmpty();
        for (String token : request.split(" +")) {
            if (token.isEmpty()) continue;
            boolean remove = token.startsWith("-");
            Cap cap = Cap.byToken(remove ? token.substring(1) : token);
            if (cap == null || !offers(cap) || (remove && cap == Cap.CAP_NOTIFY && local.cap302)) {
                ok = false;
                break;
            }
            caps = remove ? caps & ~cap.bit : caps | cap.bit;
        }
        if (ok) local.caps = caps;
        out.send(c, ":" + serverName + " CAP " + c.target() + (ok ? " ACK :" : " NAK :") + request);
    }

    /** LS and LIST replies, split over several lines with the 302 {@code *} marker when they grow long. */
    private void reply(Client c, String sub, List<String> tokens) {
        LocalUser local = LocalUser.of(c);
        String head = ":" + serverName + " CAP " + c.target() + " " + sub + " ";
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            if (local.cap302 && sb.length() > 0 && sb.length() + t.length() + 1 > LINE_BUDGET) {
                out.send(c, head + "* :" + sb);
                sb.setLength(0);
            }
            if (sb.length() > 0) sb.append(' ');
            sb.append(t);
        }
        out.send(c, head + ":" + sb);
    }

    private static int version(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
