/**
 * Accounts on the server: the loop's side of {@link chatjar.store.AccountStore} ({@link
 * chatjar.server.accounts.AccountService}: password checks, logins, registration and its per-network throttle),
 * the IRCv3 {@code REGISTER}/{@code VERIFY} commands, the NickServ service for clients without the capability, and
 * nick ownership ({@link chatjar.server.accounts.NickGuard}). Every store call answers on the loop through its
 * task queue; nothing here blocks or hashes a password on the loop.
 */
package chatjar.server.accounts;
