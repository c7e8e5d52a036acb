<?xml version="1.0" encoding="UTF-8"?>
<!-- The one page shell every HTML page shares. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tt="urn:tei-toolkit"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:variable name="tt:nav" as="xs:string+" select="('index', 'persons', 'places', 'orgs', 'map', 'search')"/>

  <!-- title: the page's own title; current: its key in the navigation; content: main's children;
       scripts, styles: extra asset names to load. -->
  <xsl:template name="page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="current" as="xs:string" select="''"/>
    <xsl:param name="content" as="item()*"/>
    <xsl:param name="scripts" as="xs:string*" select="()"/>
    <xsl:param name="styles" as="xs:string*" select="()"/>
    <html lang="en">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tei-toolkit"/>
        <title>{$title}{if ($title ne $site_title) then ' · ' || $site_title else ''}</title>
        <link rel="icon" href="assets/favicon.svg" type="image/svg+xml"/>
        <xsl:for-each select="$styles">
          <link rel="stylesheet" href="assets/{.}"/>
        </xsl:for-each>
        <link rel="stylesheet" href="assets/edition.css"/>
        <xsl:for-each select="$scripts">
          <script src="assets/{.}" defer="defer"></script>
        </xsl:for-each>
      </head>
      <body class="{if ($show_suggestions) then 'show-suggestions' else 'hide-suggestions'}">
        <a class="skip" href="#tt-main">{tt:ui('skip')}</a>
        <header class="site">
          <p class="site-title"><a href="index.html">{$site_title}</a></p>
          <nav aria-label="{tt:ui('nav')}">
            <ul>
              <xsl:for-each select="$tt:nav">
                <li>
                  <a href="{.}.html">
                    <xsl:if test=". eq $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                    <xsl:value-of select="tt:ui(if (. eq 'index') then 'documents' else .)"/>
                  </a>
                </li>
              </xsl:for-each>
            </ul>
          </nav>
        </header>
        <main id="tt-main" class="{if ($current = ('index', 'map')) then 'wide' else 'narrow'}">
          <xsl:sequence select="$content"/>
        </main>
        <footer class="site"><p>{tt:ui('footer')}</p></footer>
      </body>
    </html>
  </xsl:template>

</xsl:stylesheet>
