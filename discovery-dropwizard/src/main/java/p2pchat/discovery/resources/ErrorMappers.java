package p2pchat.discovery.resources;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.discovery.api.ErrorBody;
import p2pchat.discovery.core.ApiException;

/**
 * Turns every failure into {@code {code, message}} with the right status, in place of Dropwizard's
 * default mappers: a client never sees another shape. Stateless and thread-safe.
 */
public final class ErrorMappers {
  private static final Logger log = LoggerFactory.getLogger(ErrorMappers.class);

  private ErrorMappers() {}

  public static void registerAll(JerseyEnvironment jersey) {
    jersey.register(new Refusal());
    jersey.register(new WebApplication());
    jersey.register(new Json());
    jersey.register(new Validation());
    jersey.register(new ClientGone());
    jersey.register(new Unexpected());
  }

  static Response error(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(status, message))
        .build();
  }

  /** Our own refusals: the status and the one line the rules chose. */
  static final class Refusal implements ExceptionMapper<ApiException> {
    @Override
    public Response toResponse(ApiException e) {
      return error(e.status(), e.getMessage());
    }
  }

  /** Jersey's refusals (unknown path, wrong method, wrong media type). */
  static final class WebApplication implements ExceptionMapper<WebApplicationException> {
    @Context private UriInfo uri;
    @Context private Request request;

    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      String where = request.getMethod() + " " + uri.getRequestUri().getRawPath();
      String message =
          switch (status) {
            case 404 -> "nothing at " + where + "; the registry serves /v1/peers";
            case 405 ->
                request.getMethod()
                    + " is not allowed on "
                    + uri.getRequestUri().getRawPath()
                    + "; allowed: "
                    + String.join(
                        ", ", e.getResponse().getAllowedMethods().stream().sorted().toList());
            case 406 -> "the registry answers only application/json";
            case 415 -> "send the body as JSON with Content-Type: application/json";
            default -> e.getMessage();
          };
      if (status >= 500) {
        log.error("{} failed", where, e);
      }
      if (status == 405 || status == 406 || status == 415) {
        // Refused before the body was read: the server may drop the connection to skip it,
        // so say so, or a client may send its next request on a connection being closed.
        return Response.fromResponse(error(status, message)).header("Connection", "close").build();
      }
      return error(status, message);
    }
  }

  /** A body that is not JSON, or JSON of the wrong shape: 400 with what and where. */
  static final class Json implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
      return error(400, message(e));
    }

    static String message(JsonProcessingException e) {
      if (e instanceof UnrecognizedPropertyException u) {
        String allowed =
            u.getKnownPropertyIds().stream()
                .map(Object::toString)
                .sorted()
                .collect(Collectors.joining(", "));
        return "unknown field '" + u.getPropertyName() + "' in the body; allowed: " + allowed;
      }
      if (e instanceof InvalidFormatException f) {
        return "field '"
            + field(f)
            + "' has the wrong type: '"
            + f.getValue()
            + "' is not a "
            + f.getTargetType().getSimpleName();
      }
      if (e instanceof MismatchedInputException m) {
        if (m.getPath().isEmpty()) {
          return "the body must be a JSON object; " + oneLine(m.getOriginalMessage());
        }
        return "field '"
            + field(m)
            + "' has the wrong type: expected "
            + m.getTargetType().getSimpleName();
      }
      if (e instanceof JsonParseException p) {
        return "malformed JSON in the body: " + oneLine(p.getOriginalMessage());
      }
      return "could not read the JSON body: " + oneLine(e.getOriginalMessage());
    }

    private static String field(MismatchedInputException e) {
      return e.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining("."));
    }

    private static String oneLine(String s) {
      if (s == null) {
        return "";
      }
      String line = s.split("\n", 2)[0];
      int at = line.indexOf(" at [Source");
      return (at > 0 ? line.substring(0, at) : line).strip();
    }
  }

  /** Bean-validation failures, should any annotated value reach Jersey: 422. */
  static final class Validation implements ExceptionMapper<ConstraintViolationException> {
    @Override
    public Response toResponse(ConstraintViolationException e) {
      String message =
          e.getConstraintViolations().stream()
              .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
              .map(ErrorMappers::describe)
              .collect(Collectors.joining("; "));
      return error(422, message.isEmpty() ? "invalid request" : message);
    }
  }

  /** The client hung up while sending. */
  static final class ClientGone implements ExceptionMapper<EofException> {
    @Override
    public Response toResponse(EofException e) {
      return error(400, "the request ended early");
    }
  }

  /** A bug: logged with its stack trace, answered without one. */
  static final class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      log.error("unexpected failure", e);
      return error(
          500,
          "the registry failed unexpectedly (" + e.getClass().getSimpleName() + "); see its log");
    }
  }

  private static String describe(ConstraintViolation<?> v) {
    String path = v.getPropertyPath().toString();
    int dot = path.lastIndexOf('.');
    return (dot >= 0 ? path.substring(dot + 1) : path) + " " + v.getMessage();
  }
}
