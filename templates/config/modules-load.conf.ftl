# Rendered by kthw. Kernel modules for containerd (overlay) and bridged pod traffic through iptables (br_netfilter).
overlay
br_netfilter
