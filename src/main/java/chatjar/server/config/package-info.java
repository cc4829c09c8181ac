/** The server's YAML config file: parsed with a safe YAML 1.2 loader, validated key by key, one clear error line. */
package chatjar.server.config;
