package io.omnitouch.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two group robots {@code omnitouch alert} posts to, told apart by their webhook path: a WeCom
 * group robot ({@code .../cgi-bin/webhook/send?key=...}) takes {@code {"msgtype":"markdown",
 * "markdown":{"content":...}}}; a DingTalk robot ({@code .../robot/send?access_token=...}) takes
 * {@code {"msgtype":"markdown","markdown":{"title":...,"text":...}}}, and with a signing secret the
 * URL gains {@code timestamp} (ms) and {@code sign} = url-encoded base64 of HmacSHA256(secret,
 * timestamp + "\n" + secret). Both answer {@code {"errcode":0,...}} on success.
 */
public enum Robot {
  WECOM,
  DINGTALK;

  static final String WECOM_PATH = "/cgi-bin/webhook/send";
  static final String DINGTALK_PATH = "/robot/send";

  /** WeCom refuses markdown content over 4096 bytes; DingTalk's limit is larger. */
  static final int MAX_BYTES = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The robot of a webhook URL; fails naming the URL's host and path (never its key). */
  public static Robot of(String url) {
    URI u = URI.create(url.strip());
    String path = u.getPath() == null ? "" : u.getPath();
    if (path.endsWith(WECOM_PATH)) {
      return WECOM;
    }
    if (path.endsWith(DINGTALK_PATH)) {
      return DINGTALK;
    }
    throw new IllegalArgumentException(
        "Not a WeCom group-robot ("
            + WECOM_PATH
            + ") or DingTalk robot ("
            + DINGTALK_PATH
            + ") webhook: "
            + safe(url));
  }

  /** The URL without its query (which holds the robot's key or token): safe to print. */
  public static String safe(String url) {
    int q = url.indexOf('?');
    return (q < 0 ? url : url.substring(0, q)) + (q < 0 ? "" : "?…");
  }

  /** The JSON body of a markdown message. */
  public String payload(String title, String markdown) {
    ObjectNode body = JSON.createObjectNode();
    body.put("msgtype", "markdown");
    ObjectNode md = body.putObject("markdown");
    if (this == WECOM) {
      md.put("content", truncate(markdown));
    } else {
      md.put("title", title);
      md.put("text", markdown);
    }
    return body.toString();
  }

  /** The URL to post to: DingTalk with a secret gets its signature. */
  public String url(String webhook, String dingTalkSecret, long timestampMillis) {
    if (this != DINGTALK || dingTalkSecret == null || dingTalkSecret.isBlank()) {
      return webhook;
    }
    return webhook
        + (webhook.contains("?") ? "&" : "?")
        + "timestamp="
        + timestampMillis
        + "&sign="
        + URLEncoder.encode(sign(timestampMillis, dingTalkSecret), StandardCharsets.UTF_8);
  }

  /** base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)), before url-encoding. */
  public static String sign(long timestampMillis, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] h = mac.doFinal((timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Cuts a message to the robot's byte limit at a line end, saying so. */
  static String truncate(String markdown) {
    if (markdown.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
      return markdown;
    }
    String more = "\n…";
    StringBuilder b = new StringBuilder();
    int bytes = more.getBytes(StandardCharsets.UTF_8).length;
    for (String line : markdown.split("\n", -1)) {
      int n = line.getBytes(StandardCharsets.UTF_8).length + 1;
      if (bytes + n > MAX_BYTES) {
        break;
      }
      b.append(line).append('\n');
      bytes += n;
    }
    return b.toString().stripTrailing() + more;
  }
}
