// The config.xml and users.xml of a test clickhouse-server: loopback only, everything
// (data, tmp, logs) inside its temp dir, caches and threads sized for a 2-core machine
// that runs other test servers beside it. Element names are those of 18.16; newer
// releases read the same files (they accept <yandex> as the root element).
import { join } from "node:path";

export interface NodePorts {
  http: number;
  tcp: number;
  interserver: number;
}

export interface ClusterLayout {
  /** Name used in Distributed(cluster, ...) and in `remote_servers`. */
  name: string;
  /** Native TCP port of each shard, in shard order (one replica each). */
  shardTcpPorts: number[];
  /**
   * Instead: the ports are the replicas of ONE shard (ReplicatedMergeTree, internal
   * replication), which keep in step through this ZooKeeper.
   */
  replicatedBy?: { host: string; port: number };
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export interface ConfigInput {
  dir: string;
  host: string;
  ports: NodePorts;
  /** A unique name, sent back in X-ClickHouse-Server-Display-Name: proves which server answered. */
  displayName: string;
  cluster?: ClusterLayout;
  /** 1-based shard number of this node in `cluster`, for the {shard} macro. */
  shard?: number;
}

export function configXml(c: ConfigInput): string {
  const p = (name: string): string => esc(join(c.dir, name));
  const zk = c.cluster?.replicatedBy;
  const cluster = zk
    ? [
        "  <remote_servers>",
        `    <${c.cluster!.name}><shard><internal_replication>true</internal_replication>`,
        ...c.cluster!.shardTcpPorts.map(
          (port) => `      <replica><host>${esc(c.host)}</host><port>${port}</port></replica>`,
        ),
        `    </shard></${c.cluster!.name}>`,
        "  </remote_servers>",
        `  <zookeeper><node><host>${esc(zk.host)}</host><port>${zk.port}</port></node></zookeeper>`,
        `  <macros><shard>1</shard><replica>r${c.shard ?? 1}</replica></macros>`,
      ]
    : c.cluster
      ? [
          "  <remote_servers>",
          `    <${c.cluster.name}>`,
          ...c.cluster.shardTcpPorts.map((port) =>
            [
              "      <shard><replica>",
              `        <host>${esc(c.host)}</host><port>${port}</port>`,
              "      </replica></shard>",
            ].join("\n"),
          ),
          `    </${c.cluster.name}>`,
          "  </remote_servers>",
          `  <macros><shard>${c.shard ?? 1}</shard><replica>r1</replica></macros>`,
        ]
      : ["  <remote_servers></remote_servers>"];
  return [
    '<?xml version="1.0"?>',
    "<yandex>",
    "  <logger>",
    // warning: no line per query; start-up and bind failures still reach the logs.
    "    <level>warning</level>",
    `    <log>${p("server.log")}</log>`,
    `    <errorlog>${p("error.log")}</errorlog>`,
    "    <size>10M</size><count>1</count><console>0</console>",
    "  </logger>",
    `  <display_name>${esc(c.displayName)}</display_name>`,
    `  <listen_host>${esc(c.host)}</listen_host>`,
    `  <http_port>${c.ports.http}</http_port>`,
    `  <tcp_port>${c.ports.tcp}</tcp_port>`,
    `  <interserver_http_port>${c.ports.interserver}</interserver_http_port>`,
    `  <interserver_http_host>${esc(c.host)}</interserver_http_host>`,
    `  <path>${p("data")}/</path>`,
    `  <tmp_path>${p("tmp")}/</tmp_path>`,
    `  <user_files_path>${p("user_files")}/</user_files_path>`,
    `  <format_schema_path>${p("format_schemas")}/</format_schema_path>`,
    `  <users_config>${p("users.xml")}</users_config>`,
    "  <default_profile>default</default_profile>",
    "  <default_database>default</default_database>",
    "  <timezone>UTC</timezone>",
    "  <mlock_executable>false</mlock_executable>",
    // The defaults (5 GiB mark cache, 8 GiB uncompressed cache) are for a dedicated host.
    "  <mark_cache_size>67108864</mark_cache_size>",
    "  <uncompressed_cache_size>67108864</uncompressed_cache_size>",
    "  <max_concurrent_queries>32</max_concurrent_queries>",
    "  <max_connections>256</max_connections>",
    "  <keep_alive_timeout>10</keep_alive_timeout>",
    ...cluster,
    "</yandex>",
    "",
  ].join("\n");
}

/** One user, `default`, no password, reachable from loopback only. */
export function usersXml(host: string): string {
  return [
    '<?xml version="1.0"?>',
    "<yandex>",
    "  <profiles><default>",
    "    <max_memory_usage>2000000000</max_memory_usage>",
    "    <max_memory_usage_for_all_queries>4000000000</max_memory_usage_for_all_queries>",
    "    <max_threads>2</max_threads>",
    // Merge threads per server (default 16); two servers share 2 cores with other tests.
    "    <background_pool_size>4</background_pool_size>",
    "    <log_queries>0</log_queries>",
    "  </default></profiles>",
    "  <users><default>",
    "    <password></password>",
    `    <networks><ip>${esc(host)}</ip></networks>`,
    "    <profile>default</profile><quota>default</quota>",
    "  </default></users>",
    "  <quotas><default></default></quotas>",
    "</yandex>",
    "",
  ].join("\n");
}
