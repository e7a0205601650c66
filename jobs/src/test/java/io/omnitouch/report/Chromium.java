package io.omnitouch.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the DevTools protocol with {@code java.net.http}'s WebSocket: no
 * browser driver dependency. Started with the flags this closed network needs (PLATFORM.md) under
 * {@code timeout}, with a fresh profile; it records console messages, exceptions, log entries and
 * JavaScript dialogs (dismissing them, so an injected {@code alert()} cannot hang the test).
 */
final class Chromium implements AutoCloseable {
  static final List<String> CANDIDATES = List.of("/usr/lib/chromium/chromium", "/usr/bin/chromium");
  static final Duration STEP = Duration.ofSeconds(60);
  static final int HARD_LIMIT_SECONDS = 300;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();

  private Chromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** The installed Chromium binary, or null. */
  static Path find() {
    return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
  }

  /** Starts Chromium on about:blank and attaches to its page; {@code profile} must be empty. */
  static Chromium launch(Path binary, Path profile, int width, int height) throws Exception {
    Files.createDirectories(profile);
    List<String> cmd =
        List.of(
            "timeout",
            String.valueOf(HARD_LIMIT_SECONDS),
            binary.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--user-data-dir=" + profile,
            "--remote-debugging-port=0",
            "--window-size=" + width + "," + height,
            "about:blank");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
            .start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + STEP.toNanos();
      while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("Chromium did not start (see " + profile + ".log)");
        }
        Thread.sleep(100);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String list =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                      .timeout(STEP)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      String pageUrl = null;
      for (JsonNode target : JSON.readTree(list)) {
        if ("page".equals(target.path("type").asText())) {
          pageUrl = target.path("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (pageUrl == null) {
        throw new IllegalStateException("no page target in " + list);
      }
      Listener listener = new Listener();
      WebSocket ws =
          http.newWebSocketBuilder()
              .buildAsync(URI.create(pageUrl), listener)
              .get(STEP.toSeconds(), TimeUnit.SECONDS);
      Chromium c = new Chromium(p, ws);
      listener.owner = c;
      c.call("Page.enable", Map.of());
      c.call("Runtime.enable", Map.of());
      c.call("Log.enable", Map.of());
      return c;
    } catch (Exception e) {
      kill(p);
      throw e;
    }
  }

  /** Navigates and waits for the load event. */
  void open(String url) throws Exception {
    int before = events.size();
    call("Page.navigate", Map.of("url", url));
    long deadline = System.nanoTime() + STEP.toNanos();
    while (!loadedSince(before)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("page did not load: " + url);
      }
      Thread.sleep(50);
    }
  }

  /** True when a load event came after the first {@code before} events (read while they grow). */
  private boolean loadedSince(int before) {
    for (int i = before; i < events.size(); i++) {
      if ("Page.loadEventFired".equals(events.get(i).path("method").asText())) {
        return true;
      }
    }
    return false;
  }

  /** Evaluates a JavaScript expression in the page and returns its value (JSON). */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("evaluation failed: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** A PNG of the whole page at the given CSS width. */
  byte[] screenshot(int width) throws Exception {
    int height = evaluate("Math.ceil(document.documentElement.scrollHeight)").asInt();
    call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    JsonNode shot =
        call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    return Base64.getDecoder().decode(shot.path("data").asText());
  }

  /**
   * Emulates a screen of {@code width} x {@code height} CSS px; {@code mobile} also applies the
   * page's viewport meta tag as a phone browser does.
   */
  void viewport(int width, int height, boolean mobile) throws Exception {
    call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  /** How far the page scrolls sideways: its scroll width minus the viewport width (0 = none). */
  int horizontalOverflow() throws Exception {
    return evaluate("document.documentElement.scrollWidth - window.innerWidth").asInt();
  }

  /**
   * The smallest font size, in CSS px as rendered, of any visible text on the page, and where: SVG
   * text is scaled by its element's transform to the screen (a viewBox shrinks it).
   */
  JsonNode smallestText() throws Exception {
    String js =
        """
        (() => {
          let min = Infinity, where = '';
          const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (w.nextNode()) {
            const t = w.currentNode, el = t.parentElement;
            if (!t.textContent.trim() || !el || el.getClientRects().length === 0) continue;
            const cs = getComputedStyle(el);
            if (cs.visibility === 'hidden' || cs.display === 'none') continue;
            let px = parseFloat(cs.fontSize);
            if (el instanceof SVGElement) {
              const m = el.getScreenCTM();
              if (m) px *= Math.hypot(m.a, m.b);
            }
            if (px < min) { min = px; where = el.tagName + ': ' + t.textContent.trim().slice(0, 60); }
          }
          return {px: Math.round(min * 100) / 100, where};
        })()""";
    return evaluate(js);
  }

  /** A PNG of the whole page at the given CSS width, as a phone ({@code mobile}) or desktop. */
  byte[] screenshot(int width, boolean mobile) throws Exception {
    viewport(width, 800, mobile);
    int height = evaluate("Math.ceil(document.documentElement.scrollHeight)").asInt();
    viewport(width, height, mobile);
    JsonNode shot =
        call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    return Base64.getDecoder().decode(shot.path("data").asText());
  }

  /** Console errors and warnings, uncaught exceptions and error log entries (CSP violations). */
  List<String> problems() {
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) {
      String method = e.path("method").asText();
      JsonNode p = e.path("params");
      switch (method) {
        case "Runtime.consoleAPICalled" -> {
          String type = p.path("type").asText();
          if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
            out.add("console." + type + ": " + p.path("args"));
          }
        }
        case "Runtime.exceptionThrown" -> out.add("exception: " + p.path("exceptionDetails"));
        case "Log.entryAdded" -> {
          String level = p.path("entry").path("level").asText();
          if (level.equals("error") || level.equals("warning")) {
            out.add("log." + level + ": " + p.path("entry").path("text").asText());
          }
        }
        default -> {}
      }
    }
    return out;
  }

  /** Messages of JavaScript dialogs (alert, confirm, prompt) the page opened. */
  List<String> dialogs() {
    return events.stream()
        .filter(e -> "Page.javascriptDialogOpening".equals(e.path("method").asText()))
        .map(e -> e.path("params").path("message").asText())
        .toList();
  }

  JsonNode call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", JSON.valueToTree(params));
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(JSON.writeValueAsString(msg), true).get(STEP.toSeconds(), TimeUnit.SECONDS);
    JsonNode r = reply.get(STEP.toSeconds(), TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + " failed: " + r.get("error"));
    }
    return r.path("result");
  }

  private void received(String text) {
    JsonNode msg;
    try {
      msg = JSON.readTree(text);
    } catch (IOException e) {
      return;
    }
    if (msg.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
      if (f != null) {
        f.complete(msg);
      }
      return;
    }
    events.add(msg);
    if ("Page.javascriptDialogOpening".equals(msg.path("method").asText())) {
      // Dismiss right away (without waiting here: this is the socket's thread).
      int id = ids.incrementAndGet();
      socket.sendText(
          "{\"id\":"
              + id
              + ",\"method\":\"Page.handleJavaScriptDialog\",\"params\":{\"accept\":false}}",
          true);
    }
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    } catch (RuntimeException ignored) {
      // the browser is killed next anyway
    }
    kill(process);
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Joins fragmented text frames and hands complete messages to the owner. */
  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    volatile Chromium owner;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        Chromium c = owner;
        if (c != null) { // nothing arrives before the first command, sent after owner is set
          c.received(text);
        }
      }
      ws.request(1);
      return null;
    }
  }

  static String fileUrl(Path file) {
    return file.toAbsolutePath().toUri().toString();
  }

  static void writePng(Path file, byte[] png) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, png);
  }
}
