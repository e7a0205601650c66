package io.omnitouch.generate;

import io.omnitouch.generate.RegionTable.Region;
import io.omnitouch.generate.World.Distributor;
import io.omnitouch.generate.World.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fixed cast of the sample brand 醇品 (a liquor and beverage brand): its distributors and
 * territories, products, and the names of stores, guides and groups. A few names are deliberately
 * nasty (quotes, commas, HTML, spreadsheet formulas): upstream names are free text and every output
 * must show them as text.
 */
final class Catalog {
  private Catalog() {}

  /** Number of outlet areas (distributor × city or district): the minimum number of stores. */
  static final int OUTLET_AREAS = 19;

  /**
   * Distributors. Territories use 2-, 4- and 6-digit prefixes; the e-commerce distribution centre
   * covers every province with stores. Outlet areas are where a distributor's stores are: a city
   * prefix, or a district code for a key-account distributor that serves one district.
   */
  static List<Distributor> distributors() {
    return List.of(
        new Distributor("D01", "浙江华通酒业有限公司", "traditional", "33", List.of("3301", "3302", "3303")),
        new Distributor(
            "D02", "苏沪联合商贸有限公司", "traditional", "32;31", List.of("3201", "3205", "3101")),
        new Distributor(
            "D03",
            "广东粤顺酒类供应链有限公司",
            "traditional",
            "4401;4403;4406",
            List.of("4401", "4403", "4406")),
        new Distributor(
            "D04", "京津冀北方酒业有限公司", "traditional", "11;12;1301", List.of("1101", "1201", "1301")),
        new Distributor("D05", "川渝佳酿贸易有限公司", "traditional", "51;50", List.of("5101", "5001")),
        new Distributor("D06", "华中楚湘商贸有限公司", "traditional", "42;43", List.of("4201", "4301")),
        new Distributor(
            "D07", "中原西北KA渠道服务有限公司", "ka", "4101;6101;370102", List.of("4101", "6101", "370102")),
        new Distributor(
            "D08",
            "醇品官方电商仓配中心",
            "ecommerce",
            "11;12;13;31;32;33;37;41;42;43;44;50;51;61",
            List.of()));
  }

  /** Outlet areas interleaved across distributors, so a small world still covers every one. */
  static List<String[]> outletAreas(List<Distributor> distributors) {
    List<String[]> out = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      for (Distributor d : distributors) {
        if (k < d.outletAreas().size()) {
          String area = d.outletAreas().get(k);
          out.add(new String[] {d.id(), area.substring(0, 4), area});
        }
      }
    }
    if (out.size() != OUTLET_AREAS) {
      throw new IllegalStateException("outlet areas: " + out.size());
    }
    return out;
  }

  /**
   * Products: sku | name | category | list price | unit cost (fen) | coded | popularity | case size
   * | quantities a line draws from. {@code coded} products carry a one-item-one-code (优码) and flow
   * through the scan chain; the premium liquors are coded, beers and soft drinks are not.
   */
  private static final String[] PRODUCTS = {
    "JX53-500|醇品酱香经典 53度 500ml|白酒|49900|21000|true|7|6|1 1 1 1 1 1 1 2",
    "JX53-500-15|醇品酱香珍藏 \"十五年\" 53度 500ml|白酒|129900|52000|true|1|6|1",
    "JX53-100|醇品酱香小酒 53度 100ml|白酒|9900|3800|false|14|24|1 1 2",
    "NX52-500|醇品浓香特曲 52度 500ml|白酒|16800|7000|false|14|6|1 1 1 1 2 2",
    "NX42-125|醇品浓香光瓶 42度 125ml|白酒|2500|900|false|20|24|1 2 4",
    "LH-2X500|醇品酱香双瓶礼盒 500ml×2|白酒礼盒|98800|42000|true|1.5|4|1",
    "PJ-YJ-1L|醇品精酿原浆 1L|啤酒|3900|1500|false|15|6|1 2 3",
    "PJ-CS-12|醇品纯生 500ml×12|啤酒|7800|4000|false|18|1|1 1 2",
    "PJ-BP-6|醇品小麦白啤 330ml×6|啤酒|4500|2100|false|12|1|1 2",
    "YL-QP-15|醇品气泡水 480ml×15|饮料|5900|2200|false|10|1|1 2",
    "YL-SMT-12|醇品酸梅汤 300ml×12|饮料|3600|1400|false|8|1|1 2",
    "WC-BZ-2|醇品文创酒杯 2只装|文创|6900|2000|false|3|1|1",
    "JX-XD-375|<script>alert(1)</script>醇品限定款 375ml|白酒|29900|12000|true|2|6|1",
    "MJ-GH-500|醇品米酒, 桂花味 500ml|饮料|2990|1100|false|6|1|1 2",
    "JX53-1L|=HYPERLINK(\"http://example.com\",\"醇品酱香 1L\")|白酒|89900|38000|true|1|6|1",
    "PJ-HP-1L|醇品黑啤原浆 1L|啤酒|4200|1700|false|6|6|1 2 3",
  };

  static List<Product> products() {
    List<Product> out = new ArrayList<>();
    for (String line : PRODUCTS) {
      String[] f = line.split("\\|");
      String[] q = f[8].split(" ");
      int[] quantities = new int[q.length];
      for (int i = 0; i < q.length; i++) {
        quantities[i] = Integer.parseInt(q[i]);
      }
      out.add(
          new Product(
              f[0],
              f[1],
              f[2],
              Long.parseLong(f[3]),
              Long.parseLong(f[4]),
              Boolean.parseBoolean(f[5]),
              Double.parseDouble(f[6]),
              Integer.parseInt(f[7]),
              quantities));
    }
    return List.copyOf(out);
  }

  /** 杭州市 → 杭州, 北京市市辖区 → 北京, 重庆市县 → 重庆. */
  static String shortName(Region city) {
    return city.name().replaceAll("(市辖区|县)$", "").replaceAll("市$", "");
  }

  static String storeFormat(Distributor d, int store) {
    if (d.channel().equals("ka")) {
      return "supermarket";
    }
    String[] formats = {"flagship", "mall", "community", "community", "tobacco_liquor", "mall"};
    return store % 7 == 0 ? "flagship" : formats[store % formats.length];
  }

  private static final Map<String, String> FORMAT_LABEL =
      Map.of(
          "flagship", "旗舰店",
          "mall", "商场店",
          "community", "社区店",
          "tobacco_liquor", "烟酒店",
          "supermarket", "商超专柜");

  static String storeName(int store, Region city, Region district, String format) {
    String cityShort = shortName(city);
    String place = district.code().equals(city.code()) ? cityShort : cityShort + district.name();
    return switch (store) {
      case 2 -> "\"老王\"烟酒行（" + place + "店）";
      case 4 -> "醇品酒坊, " + place + "店";
      case 6 -> "<script>alert(1)</script>醇品体验店";
      case 10 -> "=HYPERLINK(\"http://example.com\",\"醇品门店\")";
      default -> "醇品酒坊·" + place + FORMAT_LABEL.get(format);
    };
  }

  private static final String[] SURNAMES = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高"
  };
  private static final String[] GIVEN = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "婷婷",
    "晓东", "佳怡", "子涵", "雨桐", "浩然"
  };

  static String guideName(long seed, int guide) {
    return switch (guide) {
      case 1 -> "张\"小明\"";
      case 5 -> "=1+2";
      case 8 -> "李四, 资深导购";
      case 12 -> "@王五";
      default ->
          SURNAMES[(int) Math.floorMod(Rng.hash(seed, "surname", guide), (long) SURNAMES.length)]
              + GIVEN[(int) Math.floorMod(Rng.hash(seed, "given", guide), (long) GIVEN.length)];
    };
  }

  private static final String[] GROUP_THEMES = {"品鉴会员群", "老友酒局群", "团购秒杀群", "宝妈福利群", "企业采购群"};

  static String groupName(long seed, int group, Region city) {
    String cityShort = shortName(city);
    return switch (group) {
      case 0 -> "<b>醇品粉丝群</b>";
      case 3 -> "=SUM(1,2)福利群";
      case 6 -> "\"VIP\",老客群";
      case 9 -> "+86 品鉴群";
      default ->
          cityShort
              + "醇品"
              + GROUP_THEMES[
                  (int) Math.floorMod(Rng.hash(seed, "theme", group), (long) GROUP_THEMES.length)]
              + (group + 1);
    };
  }
}
