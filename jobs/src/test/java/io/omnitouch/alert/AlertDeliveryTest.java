package io.omnitouch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.omnitouch.cli.AlertCommand;
import io.omnitouch.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code omnitouch alert}'s delivery against local robots on 127.0.0.1 (JDK HttpServer): the WeCom
 * markdown payload, the DingTalk payload and signature, a 500 then 200 retried, a robot that always
 * fails (exit 1), nothing to report (no request), and no phone number or key in any message.
 */
class AlertDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate D = LocalDate.parse("2026-11-22");
  private static final long NOW = 1_764_000_000_000L;
  private static final String SECRET = "SECtest-dingtalk-secret";
  private static final String OK_REPLY = "{\"errcode\":0,\"errmsg\":\"ok\"}";

  private HttpServer server;
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  /** Answers each request with the next status of {@code statuses} (the last one repeats). */
  private String robot(String path, int... statuses) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger n = new AtomicInteger();
    server.createContext(
        path,
        exchange -> {
          Map<String, String> r = new HashMap<>();
          r.put("query", exchange.getRequestURI().getRawQuery());
          r.put(
              "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          r.put("contentType", exchange.getRequestHeaders().getFirst("Content-Type"));
          requests.add(r);
          int status = statuses[Math.min(n.getAndIncrement(), statuses.length - 1)];
          byte[] reply = (status == 200 ? OK_REPLY : "oops").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private int deliver(Alert alert, String webhook) {
    AlertSender sender =
        new AlertSender(
            SECRET,
            Duration.ofMillis(5),
            () -> NOW,
            new PrintStream(console, true, StandardCharsets.UTF_8));
    return AlertCommand.deliver(
        alert,
        List.of(webhook),
        false,
        sender,
        new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  static Alert alert() {
    return new Alert(
        D,
        null,
        List.of(new Alert.Case("浙江一号", "P1", "苏州市", 6, "consumer")),
        List.of(new Alert.Campaign("扫码红包", 0.25, 120.5)),
        List.of(
            new Alert.Warning(
                "orders",
                "warning",
                "1 store(s) silent today after activity on at least 3 of the last 7 days: S7")),
        List.of(new Alert.PriceCity("杭州市", 0.4, 50)),
        "/wh/reports/report-2026-11-22-zh.html");
  }

  @Test
  void aWeComRobotGetsOneMarkdownMessage() throws Exception {
    String url = robot("/cgi-bin/webhook/send", 200);
    assertEquals(ExitCodes.OK, deliver(alert(), url + "?key=wecom-key"));
    assertEquals(1, requests.size());
    assertEquals("key=wecom-key", requests.get(0).get("query"));
    assertTrue(requests.get(0).get("contentType").startsWith("application/json"));
    JsonNode body = JSON.readTree(requests.get(0).get("body"));
    assertEquals("markdown", body.path("msgtype").asText());
    String content = body.path("markdown").path("content").asText();
    assertEquals(AlertMessage.markdown(alert()), content);
    assertEquals(
        "### omnitouch 预警 2026-11-22\n\n"
            + "**新确认串货案件 1 起**\n"
            + "- 浙江一号 · P1 → 苏州市：6 个码（消费者扫码）\n\n"
            + "**红包疑似羊毛党占比超阈值**\n"
            + "- 扫码红包：25.0%（¥120.50）\n\n"
            + "**数据完整性**\n"
            + "- orders 警告：1 store(s) silent today after activity on at least 3 of the last 7"
            + " days: S7\n\n"
            + "**低于限价占比最高的城市**\n"
            + "- 杭州市：40.0%（共 50 件）\n\n"
            + "报告：/wh/reports/report-2026-11-22-zh.html\n",
        content);
    assertFalse(console.toString(StandardCharsets.UTF_8).contains("wecom-key"), "key not printed");
  }

  @Test
  void aDingTalkRobotGetsItsMarkdownSignedWithTheSecret() throws Exception {
    String url = robot("/robot/send", 200);
    assertEquals(ExitCodes.OK, deliver(alert(), url + "?access_token=tok"));
    assertEquals(1, requests.size());
    Map<String, String> query = new HashMap<>();
    for (String kv : requests.get(0).get("query").split("&")) {
      String[] p = kv.split("=", 2);
      query.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
    }
    assertEquals("tok", query.get("access_token"));
    assertEquals(String.valueOf(NOW), query.get("timestamp"));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        Base64.getEncoder()
            .encodeToString(mac.doFinal((NOW + "\n" + SECRET).getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, query.get("sign"));
    JsonNode body = JSON.readTree(requests.get(0).get("body"));
    assertEquals("markdown", body.path("msgtype").asText());
    assertEquals("omnitouch 预警 2026-11-22", body.path("markdown").path("title").asText());
    assertEquals(AlertMessage.markdown(alert()), body.path("markdown").path("text").asText());
  }

  @Test
  void aServerErrorIsRetriedAndAPostThatStillFailsExits1() throws Exception {
    String flaky = robot("/cgi-bin/webhook/send", 500, 200);
    assertEquals(ExitCodes.OK, deliver(alert(), flaky + "?key=k"));
    assertEquals(2, requests.size(), "500, then 200 on the retry");
    assertEquals(requests.get(0).get("body"), requests.get(1).get("body"));
    stop();
    requests.clear();

    String broken = robot("/robot/send", 500);
    assertEquals(ExitCodes.FAILURE, deliver(alert(), broken + "?access_token=t"));
    assertEquals(AlertSender.ATTEMPTS, requests.size());
    assertTrue(
        console.toString(StandardCharsets.UTF_8).contains("still failing after 4 attempts"),
        console.toString(StandardCharsets.UTF_8));
  }

  @Test
  void nothingToReportSendsNothing() throws Exception {
    String url = robot("/cgi-bin/webhook/send", 200);
    Alert quiet = new Alert(D, "双11", List.of(), List.of(), List.of(), List.of(), "/r.html");
    assertEquals(ExitCodes.OK, deliver(quiet, url + "?key=k"));
    assertEquals(List.of(), requests);
  }

  @Test
  void noPhoneNumberOrKeyReachesAMessage() {
    String key = "a".repeat(64);
    Alert leaky =
        new Alert(
            D,
            null,
            List.of(new Alert.Case("经销商 13812345678", "P1", "苏州市", 6, "channel")),
            List.of(),
            List.of(new Alert.Warning("orders", "failed", "buyer " + key + " / +8613912345678")),
            List.of(),
            null);
    String md = AlertMessage.markdown(leaky);
    assertFalse(md.contains("13812345678") || md.contains("13912345678") || md.contains(key), md);
    assertTrue(md.contains("经销商 [已隐去]"), md);
    assertEquals(Robot.WECOM, Robot.of("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x"));
    assertEquals(Robot.DINGTALK, Robot.of("https://oapi.dingtalk.com/robot/send?access_token=x"));
    assertEquals(
        "https://oapi.dingtalk.com/robot/send?…",
        Robot.safe("https://oapi.dingtalk.com/robot/send?access_token=x"));
  }
}
