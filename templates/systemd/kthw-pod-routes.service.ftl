# Rendered by kthw for [=host.name]. Do not edit: re-run kthw render.
# Static routes to the pod networks of the other workers (pod network mode "routes"): each worker's podCIDR is
# reached via that worker's address. Installed at boot; "ip route replace" makes a restart idempotent.
[Unit]
Description=kthw: routes to the other workers' pod networks
Documentation=https://github.com/kubernetes/kubernetes
After=network-online.target
Wants=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
[#list routes as r]
# [=r.name]
ExecStart=/sbin/ip route replace [=r.cidr] via [=r.via]
[/#list]
[#list routes as r]
ExecStop=-/sbin/ip route del [=r.cidr] via [=r.via]
[/#list]

[Install]
WantedBy=multi-user.target
