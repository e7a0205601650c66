package io.omnitouch.generate;

import java.util.List;

/**
 * The four input logs and their columns in the order the contract declares them ({@code
 * schemas/inputs/<name>.json}; a test checks the two agree).
 */
enum Source {
  SCANS(
      "scans",
      "scan_id",
      "code",
      "sku",
      "batch_id",
      "case_code",
      "scan_type",
      "event_time",
      "distributor_id",
      "store_id",
      "user_id",
      "device_id",
      "region_code",
      "ip_region_code",
      "lat",
      "lon",
      "campaign_id",
      "reward_amount"),
  ORDERS(
      "orders",
      "order_id",
      "line_no",
      "order_time",
      "updated_time",
      "status",
      "user_id",
      "channel",
      "store_id",
      "guide_id",
      "group_id",
      "share_id",
      "sku",
      "quantity",
      "unit_price",
      "paid_amount",
      "coupon_id",
      "region_code",
      "buyer_phone"),
  GUIDE_EVENTS(
      "guide_events",
      "event_id",
      "event_time",
      "guide_id",
      "store_id",
      "event_type",
      "user_id",
      "sku",
      "share_id",
      "content_id"),
  GROUP_EVENTS(
      "group_events",
      "event_id",
      "event_time",
      "group_id",
      "event_type",
      "user_id",
      "inviter_user_id",
      "sku",
      "share_id",
      "group_buy_id",
      "amount");

  final String folder;
  final List<String> columns;

  Source(String folder, String... columns) {
    this.folder = folder;
    this.columns = List.of(columns);
  }
}
