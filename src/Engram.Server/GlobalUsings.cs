// What every endpoint file uses; the endpoints are thin translations and all read the same way.
global using Engram.Server.Http;
global using Engram.Wire;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Routing;
