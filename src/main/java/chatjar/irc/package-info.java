/** The IRC wire format: message parsing and serialisation, case mapping and numerics. Imports nothing else of chatjar, so server, client and bench share it. */
package chatjar.irc;
