/** TLS set-up without I/O: server contexts from PEM, PKCS#12 or a throwaway certificate, and the client's socket factory. */
package chatjar.net.tls;
