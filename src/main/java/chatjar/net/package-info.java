/** The seam between transports and the protocol: {@link chatjar.net.Link} out, {@link chatjar.net.LinkHandler} in. No NIO types cross it. */
package chatjar.net;
