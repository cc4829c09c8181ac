/**
 * TLS: the {@link chatjar.net.tls.TlsLayer} a listener stacks under the line framer (SSLEngine over bytes, no
 * sockets), and server identities from PEM, PKCS#12 or a throwaway certificate.
 */
package chatjar.net.tls;
