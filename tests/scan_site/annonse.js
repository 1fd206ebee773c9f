document.cookie = "_fbp=fb.1.1700000000.42; max-age=7776000; path=/";
navigator.sendBeacon("{ADS}/hendelse", "visning");
