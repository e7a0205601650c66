package io.omnitouch.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Posts one alert to each webhook in its robot's format, retrying a failed post (connection error,
 * HTTP status other than 200, or a reply whose errcode is not 0) with exponential backoff. Prints
 * webhooks without their query (the key or token stays secret). Returns the webhooks whose post
 * still failed.
 */
public final class AlertSender {
  /** Tries per webhook, the first included. */
  public static final int ATTEMPTS = 4;

  /** Wait before the first retry; doubled before each next one. */
  public static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);

  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String dingTalkSecret;
  private final Duration firstBackoff;
  private final LongSupplier clock;
  private final PrintStream out;

  public AlertSender(
      String dingTalkSecret, Duration firstBackoff, LongSupplier clockMillis, PrintStream out) {
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.dingTalkSecret = dingTalkSecret;
    this.firstBackoff = firstBackoff;
    this.clock = clockMillis;
    this.out = out;
  }

  /** Sends to every webhook; returns the (safe-to-print) webhooks that still failed. */
  public List<String> send(List<String> webhooks, String title, String markdown) {
    List<String> failed = new ArrayList<>();
    for (String webhook : webhooks) {
      Robot robot = Robot.of(webhook);
      String body = robot.payload(title, markdown);
      String problem = null;
      Duration wait = firstBackoff;
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        problem = post(robot.url(webhook, dingTalkSecret, clock.getAsLong()), body);
        if (problem == null) {
          break;
        }
        out.printf(
            "  alert %s %s: attempt %d of %d failed: %s%n",
            robot, Robot.safe(webhook), attempt, ATTEMPTS, problem);
        if (attempt < ATTEMPTS) {
          sleep(wait);
          wait = wait.multipliedBy(2);
        }
      }
      if (problem == null) {
        out.printf("  alert %s %s: sent%n", robot, Robot.safe(webhook));
      } else {
        failed.add(Robot.safe(webhook));
      }
    }
    return failed;
  }

  /** Null when the robot took the message, else what went wrong. */
  private String post(String url, String body) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/json; charset=utf-8")
                  .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() != 200) {
        return "HTTP " + r.statusCode();
      }
      JsonNode reply = JSON.readTree(r.body());
      int errcode = reply.path("errcode").asInt(-1);
      return errcode == 0 ? null : "errcode " + errcode + " " + reply.path("errmsg").asText();
    } catch (IOException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
