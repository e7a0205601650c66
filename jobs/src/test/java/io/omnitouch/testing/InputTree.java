package io.omnitouch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A throwaway input tree (inputs.md layout) written file by file from inline text. */
public final class InputTree {
  private final Path root;

  private InputTree(Path root) {
    this.root = root;
  }

  public static InputTree create(String prefix) {
    try {
      return new InputTree(Files.createTempDirectory("omnitouch-in-" + prefix));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path root() {
    return root;
  }

  public InputTree file(String relative, String text) {
    return bytes(relative, text.getBytes(StandardCharsets.UTF_8));
  }

  public InputTree bytes(String relative, byte[] content) {
    try {
      Path p = root.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.write(p, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The smallest valid set of reference files: one province, city, district, store, sku. */
  public InputTree minimalReference() {
    file(
        "reference/regions.csv",
        "region_code,name,level,parent_code,lat,lon\n"
            + "330000,浙江省,province,,30.27,120.15\n"
            + "330100,杭州市,city,330000,30.27,120.15\n"
            + "330106,西湖区,district,330100,30.26,120.13\n");
    file(
        "reference/distributors.csv",
        "distributor_id,name,channel,territory\nD1,浙江一号,traditional,33\n");
    file(
        "reference/stores.csv",
        "store_id,name,region_code,distributor_id,format,open_date\n"
            + "S1,\"<script>alert(1)</script>\",330106,D1,flagship,2020-01-01\n");
    file(
        "reference/products.csv",
        "sku,name,category,list_price,unit_cost\nP1,茶,drink,10.00,4.00\n");
    file("reference/guides.csv", "guide_id,store_id,name,hired_date\nG1,S1,小王,2024-01-01\n");
    file(
        "reference/groups.csv",
        "group_id,store_id,owner_guide_id,name,created_date\nGR1,S1,G1,西湖群,2024-01-01\n");
    file(
        "reference/campaigns.csv",
        "campaign_id,name,type,start_date,end_date,budget\n"
            + "C1,扫码红包,scan_red_packet,2026-11-01,2026-11-30,1000.00\n");
    file("reference/program_rollouts.csv", "store_id,program,start_date\nS1,guide,2026-10-01\n");
    return this;
  }

  /** Header-only files for every log of a date (so a run of that date finds its partitions). */
  public InputTree emptyLogs(String dt) {
    file("scans/dt=" + dt + "/empty.csv", "scan_id,code,sku,scan_type,event_time\n");
    file(
        "orders/dt=" + dt + "/empty.csv",
        "order_id,line_no,order_time,updated_time,status,channel,sku,quantity,unit_price,paid_amount\n");
    file(
        "guide_events/dt=" + dt + "/empty.csv",
        "event_id,event_time,guide_id,store_id,event_type\n");
    file(
        "group_events/dt=" + dt + "/empty.csv",
        "event_id,event_time,group_id,event_type,user_id\n");
    return this;
  }
}
