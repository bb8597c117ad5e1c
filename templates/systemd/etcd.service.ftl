# Rendered by kthw for [=host.name] (etcd [=versions.etcd], Kubernetes [=cluster.kubernetesVersion]). Do not edit: re-run kthw render.
[Unit]
Description=etcd
Documentation=https://github.com/etcd-io/etcd
After=network-online.target
Wants=network-online.target

[Service]
Type=notify
ExecStart=[=paths.bin]/etcd \
  --name=[=host.name] \
  --cert-file=[=paths.etcdDir]/etcd.crt \
  --key-file=[=paths.etcdDir]/etcd.key \
  --peer-cert-file=[=paths.etcdDir]/etcd.crt \
  --peer-key-file=[=paths.etcdDir]/etcd.key \
  --trusted-ca-file=[=paths.etcdDir]/ca.crt \
  --peer-trusted-ca-file=[=paths.etcdDir]/ca.crt \
  --client-cert-auth \
  --peer-client-cert-auth \
  --initial-advertise-peer-urls=https://[=host.address]:2380 \
  --listen-peer-urls=https://[=host.address]:2380 \
  --listen-client-urls=https://[=host.address]:2379,https://127.0.0.1:2379 \
  --advertise-client-urls=https://[=host.address]:2379 \
  --initial-cluster-token=etcd-[=cluster.name] \
  --initial-cluster=[=cluster.etcdInitialCluster] \
  --initial-cluster-state=new \
  --data-dir=[=paths.etcdData]
[#if gates.etcdUnsupportedArchArm64 && host.arch == "arm64"]
# etcd before 3.5 refuses to start on arm64 without this
Environment=ETCD_UNSUPPORTED_ARCH=arm64
[/#if]
Restart=on-failure
RestartSec=5
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
