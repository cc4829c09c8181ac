package chatjar.net.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files as certbot and openssl write them, with the JDK alone: a certificate chain
 * ({@code fullchain.pem}) and a private key in PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}). The older two are rewrapped as
 * PKCS#8 with a few bytes of DER, which is all the JDK's KeyFactory lacks. Encrypted keys are refused with
 * a message saying how to decrypt them.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(?:[A-Za-z-]+:[^\\n]*\\n)*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** DER of the AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALG = hex("300d06092a864886f70d0101010500");
    /** DER of the OID id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] EC_OID = hex("06072a8648ce3d0201");

    private Pem() { }

    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = cf.generateCertificates(new ByteArrayInputStream(bytes)).stream()
                .map(c -> (X509Certificate) c).toList();
        if (chain.isEmpty()) throw new GeneralSecurityException("no certificate in " + file);
        return chain;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (!type.endsWith("PRIVATE KEY")) continue;
            if (type.startsWith("ENCRYPTED") || m.group(0).contains("ENCRYPTED")) {
                throw new GeneralSecurityException(file + " is encrypted; decrypt it first: openssl pkey -in "
                        + file + " -out key.pem");
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            return switch (type) {
                case "PRIVATE KEY" -> pkcs8(der);
                case "RSA PRIVATE KEY" -> pkcs8(seq(cat(hex("020100"), RSA_ALG, tlv(0x04, der))));
                case "EC PRIVATE KEY" -> pkcs8(seq(cat(hex("020100"), seq(cat(EC_OID, curveOf(der))), tlv(0x04, der))));
                default -> throw new GeneralSecurityException("unsupported key type " + type + " in " + file);
            };
        }
        throw new GeneralSecurityException("no private key in " + file);
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unreadable private key: " + last.getMessage());
    }

    /** SEC1 ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING, [0] curve OID, [1] publicKey }. */
    private static byte[] curveOf(byte[] sec1) throws GeneralSecurityException {
        int[] p = {0};
        Der outer = Der.read(sec1, p);
        int[] q = {outer.start};
        while (q[0] < outer.end) {
            Der e = Der.read(sec1, q);
            if (e.tag == 0xa0) return java.util.Arrays.copyOfRange(sec1, e.start, e.end);
            q[0] = e.end;
        }
        throw new GeneralSecurityException("EC key without named curve (use openssl pkey to convert it)");
    }

    /** One DER element: its tag and the bounds of its contents. */
    private record Der(int tag, int start, int end) {
        static Der read(byte[] b, int[] pos) throws GeneralSecurityException {
            try {
                int tag = b[pos[0]++] & 0xff;
                int len = b[pos[0]++] & 0xff;
                if (len > 0x80) {
                    int n = len & 0x7f;
                    len = 0;
                    for (int i = 0; i < n; i++) len = (len << 8) | (b[pos[0]++] & 0xff);
                }
                int start = pos[0];
                if (len < 0 || start + len > b.length) throw new GeneralSecurityException("bad DER length");
                return new Der(tag, start, start + len);
            } catch (ArrayIndexOutOfBoundsException e) {
                throw new GeneralSecurityException("truncated DER");
            }
        }
    }

    private static byte[] seq(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
