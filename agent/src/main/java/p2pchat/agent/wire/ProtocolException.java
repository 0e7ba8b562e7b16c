package p2pchat.agent.wire;

import io.netty.handler.codec.DecoderException;

/**
 * The peer sent something this protocol does not allow: a malformed or oversized frame, a frame out
 * of turn, a bad handshake. The only exception the decoder throws on bad input; the connection that
 * caused it is closed and nothing else is affected. Extends Netty's DecoderException so the
 * pipeline passes it through unwrapped.
 */
public final class ProtocolException extends DecoderException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
